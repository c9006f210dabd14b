package io.spore.core.spi;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;

/**
 * Carries to other nodes what a node's processes address to them. Implemented by the transport.
 *
 * <p>Threading: called on the sending process's worker thread (or any thread that calls the node), concurrently;
 * it must not block for long. Order must be kept per sender–receiver pair. Failures a sender must see are thrown
 * as {@link SporeException}: {@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}, {@code BACK_PRESSURED} (the outbound
 * queue to that node is full), {@code NODE_DOWN} (only for important sends and calls; a plain send to an
 * unreachable node is dropped, as in Erlang). Signals (link, exit, monitor, down) to an unreachable node are
 * answered by the transport calling {@link Inbound#nodeDown} for it, never by throwing.
 */
public interface RemoteRouter {
    /**
     * Sends a message to a remote pid; the remote node delivers it with {@link Inbound#send}. An important send
     * goes through {@link #sendImportant} instead.
     *
     * @param from    the sending process, or a node's identity
     * @param to      the receiving process, on another node
     * @param message the message, to be encoded
     * @param options how it was sent
     * @throws SporeException {@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}, {@code BACK_PRESSURED}
     */
    void send(Pid from, Pid to, Object message, SendOptions options);

    /**
     * Sends a message to the process registered as {@code name} on {@code node}; the remote node delivers it with
     * {@link Inbound#sendNamed}, and drops it (counted) when no process has the name.
     *
     * @param from    the sending process, or a node's identity
     * @param node    the other node
     * @param name    the name the receiver is registered under there
     * @param message the message, to be encoded
     * @param options how it was sent
     * @throws SporeException {@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}, {@code BACK_PRESSURED}
     */
    void sendNamed(Pid from, NodeName node, Name name, Object message, SendOptions options);

    /**
     * Sends an important message to a remote pid; the remote node answers with {@link Inbound#deliveryAck} for
     * {@code ackRef}, which the sender waits for. Fails as {@link #send} with {@code IMPORTANT} does; a router that
     * cannot carry acknowledgements throws {@code NOT_SUPPORTED} (the default).
     *
     * <p>The form routers written for 2.1 implement. The node calls
     * {@link #sendImportant(Pid, Pid, Object, Ref, long)}, whose default passes a send without a delivery id here;
     * a router that carries delivery ids implements that one instead.
     *
     * @param from    the sending process, or a node's identity
     * @param to      the receiving process, on another node
     * @param message the message, to be encoded
     * @param ackRef  the reference the acknowledgement carries back
     * @throws SporeException as {@link #send}, and {@code NODE_DOWN} when the node cannot be reached
     */
    default void sendImportant(Pid from, Pid to, Object message, Ref ackRef) {
        throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "the transport of this node cannot confirm"
            + " delivery to " + to + "; send without IMPORTANT");
    }

    /**
     * As {@link #sendImportant(Pid, Pid, Object, Ref)}, carrying the sender's
     * {@linkplain io.spore.api.SendOptions#withDeliveryId delivery id}: the remote node remembers the ids it
     * delivered lately and acknowledges a repeat without delivering it again. The default passes a send without
     * an id to the older form, and refuses one with an id with {@code NOT_SUPPORTED} before sending anything, since
     * a router that drops the id would let a retry deliver the message twice.
     *
     * @param from       the sending process, or a node's identity
     * @param to         the receiving process, on another node
     * @param message    the message, to be encoded
     * @param ackRef     the reference the acknowledgement carries back
     * @param deliveryId the sender's id for this message to {@code to}, or 0 for none
     * @throws SporeException as {@link #sendImportant(Pid, Pid, Object, Ref)}
     * @since 2.2.0
     */
    default void sendImportant(Pid from, Pid to, Object message, Ref ackRef, long deliveryId) {
        if (deliveryId != 0) {
            throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "the transport of this node cannot carry"
                + " a delivery id to " + to + ", so a retry could not be recognised; send without a delivery id");
        }
        sendImportant(from, to, message, ackRef);
    }

    /**
     * Sends a call request; the answer comes back through {@link Inbound#reply}.
     *
     * @param caller  the local caller, whose reference pairs the answer with the call
     * @param to      the callee, on another node
     * @param request the request, to be encoded
     * @throws SporeException {@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}, {@code BACK_PRESSURED},
     *                        {@code NODE_DOWN}
     */
    void call(Caller caller, Pid to, Object request);

    /**
     * As {@link #call(Caller, Pid, Object)} for the caller {@code from} and the ref of {@code from}'s node and
     * incarnation with the id {@code refId}, given apart so that a call allocates no {@link Caller} and no
     * {@link Ref} on its way out. The default makes them and calls {@link #call(Caller, Pid, Object)}. Since 2.7.0.
     *
     * @param from    the local caller
     * @param refId   the id of the ref that pairs the answer with the call; its node and creation are
     *                {@code from}'s
     * @param to      the callee, on another node
     * @param request the request, to be encoded
     * @throws SporeException as {@link #call(Caller, Pid, Object)}
     */
    default void call(Pid from, long refId, Pid to, Object request) {
        call(new Caller(from, refId, from.creation()), to, request);
    }

    /**
     * Sends a call request to the process registered as {@code name} on {@code node}; the answer comes back through
     * {@link Inbound#reply}.
     *
     * @param caller  the local caller
     * @param node    the other node
     * @param name    the name the callee is registered under there
     * @param request the request, to be encoded
     * @throws SporeException as {@link #call}
     */
    void callNamed(Caller caller, NodeName node, Name name, Object request);

    /**
     * Answers a call that came from another node, on behalf of the node itself.
     *
     * @param caller the remote caller, as {@link Inbound#call} received it
     * @param value  the reply, when {@code error} is {@code null}
     * @param error  why the call failed, or {@code null}
     */
    default void reply(Caller caller, Object value, SporeException error) {
        reply(null, caller, value, error);
    }

    /**
     * Answers a call that came from another node, naming the process of this node that answers: a transport that
     * keeps each process's frames in order across its streams (the large-message stream) can then let the answer
     * overtake another process's large message, where an answer it cannot place must wait behind it.
     *
     * @param replier the process answering, on this node, or {@code null} when the node itself answers
     * @param caller  the remote caller, as {@link Inbound#call} received it
     * @param value   the reply, when {@code error} is {@code null}
     * @param error   why the call failed, or {@code null}
     */
    void reply(Pid replier, Caller caller, Object value, SporeException error);

    /**
     * A local process links itself to a remote one.
     *
     * @param from the local process
     * @param to   the remote process
     */
    void link(Pid from, Pid to);

    /**
     * A local process removes its link to a remote one.
     *
     * @param from the local process
     * @param to   the remote process
     */
    void unlink(Pid from, Pid to);

    /**
     * An exit signal from a local process to a remote one; {@code viaLink} when it travels over a link.
     *
     * @param from    the local process that ended or sent the signal
     * @param to      the remote process
     * @param reason  the exit reason
     * @param viaLink true when {@code from} ended and the signal travels over their link; false for an explicit
     *                exit signal
     */
    void exit(Pid from, Pid to, ExitReason reason, boolean viaLink);

    /**
     * A local process monitors a remote one.
     *
     * @param ref     the monitor's reference, made here
     * @param watcher the local process
     * @param target  the remote process
     */
    void monitor(Ref ref, Pid watcher, Pid target);

    /**
     * A local process removes its monitor of a remote one.
     *
     * @param ref     the monitor's reference
     * @param watcher the local process
     * @param target  the remote process
     */
    void demonitor(Ref ref, Pid watcher, Pid target);

    /**
     * A monitored local process ended: tell the remote watcher.
     *
     * @param ref     the monitor's reference, as {@link Inbound#monitor} received it
     * @param watcher the remote process
     * @param target  the local process that ended
     * @param reason  why it ended
     */
    void down(Ref ref, Pid watcher, Pid target, ExitReason reason);

    /**
     * Lets the calling thread, which waits for an answer from another node (a blocked caller, a worker lingering on
     * a process in a conversation), do the transport's receiving work itself if no other thread is doing it, so
     * that the answer is handled on the thread waiting for it rather than handed over by another. Never blocks;
     * cheap when nothing has arrived.
     *
     * @return how much it received (0: nothing arrived, another thread is receiving, or the router cannot help)
     */
    default int helpReceive() {
        return 0;
    }

    /**
     * Sends a spawn request to {@code node}, on the control stream; its answer comes back through
     * {@link Inbound#spawnReply}, or {@link Inbound#nodeDown} if the node goes first. Called on the requesting
     * thread, which learns at once what cannot be sent.
     *
     * @param node    the node to spawn on
     * @param request what to spawn, resolved here
     * @throws SporeException {@code UNENCODABLE} naming the argument or environment key and its type,
     *                        {@code MESSAGE_TOO_LARGE}, {@code BACK_PRESSURED}, {@code NODE_DOWN}. A router that
     *                        cannot carry spawns throws {@code NODE_DOWN} (the default).
     */
    default void spawnRequest(NodeName node, SpawnRequest request) {
        throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot spawn on " + node + ": the transport of"
            + " this node carries no spawn requests");
    }

    /**
     * As {@link #spawnRequest(NodeName, SpawnRequest)}, under the ref of this node and incarnation with the id
     * {@code refId} in place of {@code request.ref()}: a requester that asks for the same spawn again and again
     * sends the same request object each time, with a fresh id, and allocates nothing for it. The default makes
     * the request with that ref and calls {@link #spawnRequest(NodeName, SpawnRequest)}. Since 2.7.0.
     *
     * @param node    the node to spawn on
     * @param refId   the id of the ref that names this request; its node and creation are {@code request.ref()}'s
     * @param request what to spawn, resolved here
     * @throws SporeException as {@link #spawnRequest(NodeName, SpawnRequest)}
     */
    default void spawnRequest(NodeName node, long refId, SpawnRequest request) {
        Ref template = request.ref();
        spawnRequest(node, new SpawnRequest(new Ref(template.node(), refId, template.creation()),
            request.requester(), request.factory(), request.register(), request.parent(), request.leader(),
            request.application(), request.logLevel(), request.trapExits(), request.env(), request.args(),
            request.timeoutMs(), request.link()));
    }

    /**
     * Answers a spawn request that came from {@code node}: the child's pid, or the error (never both).
     *
     * @param node      the requesting node
     * @param ref       the request's {@link SpawnRequest#ref()}
     * @param requester the request's {@link SpawnRequest#requester()}
     * @param child     the child's pid, or {@code null} with an error
     * @param error     why the spawn failed, or {@code null} with a child
     * @throws SporeException {@code NODE_DOWN} when the answer cannot reach the node (the caller then undoes the
     *                        child, so none is left behind)
     */
    default void spawnReply(NodeName node, Ref ref, Pid requester, Pid child, SporeException error) {
        throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot answer " + node + ": the transport of"
            + " this node carries no spawn replies");
    }

    /**
     * Starts connecting to {@code node} if no connection is up or being made, without sending anything; the node
     * hears the outcome through {@link Inbound#nodeUp} or {@link Inbound#nodeDown}. Never blocks.
     *
     * @param node the node to connect to
     */
    default void connect(NodeName node) {
        // A router that connects on first use has nothing to do ahead of it.
    }

    /**
     * @return what the router has counted, the traffic with other nodes among it; live, readable from any thread.
     *         A router that counts nothing returns {@link TransportStatistics#NONE} (the default).
     */
    default TransportStatistics statistics() {
        return TransportStatistics.NONE;
    }

    /**
     * Waits until {@code node} has taken everything this node sent it before the call, on every stream and in
     * order: its transport read it and handed it to that node (see {@link io.spore.api.Node#awaitDelivery}).
     * Blocks the calling thread; never call it on the thread that receives.
     *
     * @param node    the other node
     * @param timeout how long to wait, connecting included
     * @throws SporeException {@code NODE_DOWN} when nothing of it left this node (no connection could be used, or
     *                        the one that held it never came up); {@code NOT_CONFIRMED} when it may have left but
     *                        the node did not acknowledge it in time or went down first. A router that cannot tell
     *                        throws {@code NOT_SUPPORTED} (the default).
     */
    default void awaitDelivery(NodeName node, java.time.Duration timeout) {
        throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "cannot confirm delivery to " + node
            + ": the transport of this node does not acknowledge what it sent");
    }
}
