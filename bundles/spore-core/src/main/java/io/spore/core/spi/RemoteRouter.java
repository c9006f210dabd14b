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
    void send(Pid from, Pid to, Object message, SendOptions options);

    void sendNamed(Pid from, NodeName node, Name name, Object message, SendOptions options);

    /**
     * Sends an important message to a remote pid; the remote node answers with {@link Inbound#deliveryAck} for
     * {@code ackRef}, which the sender waits for. Fails as {@link #send} with {@code IMPORTANT} does; a router that
     * cannot carry acknowledgements throws {@code NOT_SUPPORTED} (the default).
     */
    default void sendImportant(Pid from, Pid to, Object message, Ref ackRef) {
        throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "the transport of this node cannot confirm"
            + " delivery to " + to + "; send without IMPORTANT");
    }

    /** Sends a call request; the answer comes back through {@link Inbound#reply}. */
    void call(Caller caller, Pid to, Object request);

    void callNamed(Caller caller, NodeName node, Name name, Object request);

    /** Answers a call that came from another node. */
    void reply(Caller caller, Object value, SporeException error);

    void link(Pid from, Pid to);

    void unlink(Pid from, Pid to);

    /** An exit signal from a local process to a remote one; {@code viaLink} when it travels over a link. */
    void exit(Pid from, Pid to, ExitReason reason, boolean viaLink);

    void monitor(Ref ref, Pid watcher, Pid target);

    void demonitor(Ref ref, Pid watcher, Pid target);

    /** A monitored local process ended: tell the remote watcher. */
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
     * @throws SporeException {@code UNENCODABLE} naming the argument or environment key and its type,
     *                        {@code MESSAGE_TOO_LARGE}, {@code BACK_PRESSURED}, {@code NODE_DOWN}. A router that
     *                        cannot carry spawns throws {@code NODE_DOWN} (the default).
     */
    default void spawnRequest(NodeName node, SpawnRequest request) {
        throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot spawn on " + node + ": the transport of"
            + " this node carries no spawn requests");
    }

    /**
     * Answers a spawn request that came from {@code node}: the child's pid, or the error (never both).
     *
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
}
