package io.spore.core.spi;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;

/**
 * What the transport hands to the local node: frames that arrived, decoded, and the news that a node went down.
 *
 * <p>Threading: safe from any thread; never blocks (work is queued to the processes concerned). Targets that do
 * not exist are handled as Erlang does: messages dropped and counted, calls answered with {@code NO_PROCESS},
 * links answered with a {@code noproc} exit, monitors with a {@code noproc} down.
 */
public interface Inbound {
    /**
     * The calling thread is about to deliver a batch of what it received (one poll of its subscriptions): until it
     * calls {@link #endBatch()}, its messages are queued to their processes without waking them, and each process
     * is woken once at the end. Waking an idle worker costs the waker microseconds; once per batch instead of once
     * per message is what lets a receiving thread keep up with a stream of small messages. Spawn requests in the
     * batch go to the workers at its end too. Deliveries from other threads meanwhile are not affected.
     */
    default void beginBatch() {
    }

    /**
     * Ends the calling thread's batch, wakes every process it delivered to and hands its spawn requests to the
     * workers; call it in a {@code finally}.
     */
    default void endBatch() {
    }

    /**
     * Delivers a message from a remote process, and says whether the receiver can take more from other nodes: a
     * process may have a mailbox limit ({@link io.spore.api.ProcessOptions#withMailboxLimit}, or the node's default)
     * on the messages from other nodes that wait in its mailbox. When this returns false the process has reached
     * it, and the transport stops reading the sending node's data until {@link #hasRoom} says the process has taken
     * enough, so that Aeron's back-pressure reaches the sender instead of the heap growing.
     *
     * @param from    the sending process, on another node
     * @param to      the receiving process, on this node
     * @param message the decoded message
     * @return false when {@code to} has now reached its limit; true otherwise (no limit, not reached, no such process)
     */
    boolean send(Pid from, Pid to, Object message);

    /**
     * Delivers a message to the process registered here under {@code name}, as {@link #send} does.
     *
     * @param from    the sending process, on another node
     * @param name    the name the receiver is registered under on this node
     * @param message the decoded message
     * @return the process the name stood for when it has now reached its limit, else {@code null}
     */
    Pid sendNamed(Pid from, Name name, Object message);

    /**
     * @param to a process of this node that {@link #send} or {@link #sendNamed} said had reached its limit
     * @return whether {@code to} has taken enough of what waits in its mailbox for its sender's data to be read
     *         again (half its limit, say), or is gone
     */
    default boolean hasRoom(Pid to) {
        return true;
    }

    /**
     * An important message ({@link io.spore.api.SendOptions#IMPORTANT}): delivered as {@link #send} does, and the
     * transport acknowledges it to the sender with the answer.
     *
     * @param from    the sending process, on another node
     * @param to      the receiving process, on this node
     * @param message the decoded message
     * @return whether it was delivered; false when {@code to} does not exist (the message is dropped and counted)
     */
    boolean sendImportant(Pid from, Pid to, Object message);

    /**
     * The answer to an important send this node made: delivered ({@code error} null), or why not. An answer for a
     * send no longer waited for is ignored.
     *
     * @param ackRef the reference the sender gave {@link RemoteRouter#sendImportant}
     * @param error  {@code null} when delivered; else why not ({@code NO_PROCESS}, for one)
     */
    void deliveryAck(Ref ackRef, SporeException error);

    /**
     * As {@link #deliveryAck(Ref, SporeException)}, from the node {@code from}: the answer counts only if the send
     * went to that node, so a third node cannot confirm (or refuse) a message in its place. A router that knows
     * which node each frame came from calls this one. The default ignores {@code from}. Since 2.2.0.
     *
     * @param from   the node the answer came from
     * @param ackRef the reference the sender gave {@link RemoteRouter#sendImportant}
     * @param error  {@code null} when delivered; else why not
     */
    default void deliveryAck(NodeName from, Ref ackRef, SporeException error) {
        deliveryAck(ackRef, error);
    }

    /**
     * A call from a remote process to local {@code to}. The answer goes back through {@link RemoteRouter#reply}:
     * {@code NO_PROCESS} when {@code to} does not exist.
     *
     * @param caller  the remote caller, whose reference pairs the answer with the call
     * @param to      the callee, on this node
     * @param request the decoded request
     */
    void call(Caller caller, Pid to, Object request);

    /**
     * A call from a remote process to the process registered here under {@code name}, as {@link #call} does.
     *
     * @param caller  the remote caller
     * @param name    the name the callee is registered under on this node
     * @param request the decoded request
     */
    void callNamed(Caller caller, Name name, Object request);

    /**
     * The answer to a call a local process or caller made to another node: the value, or why not. An answer for a
     * call no longer waited for (it timed out) is dropped.
     *
     * @param caller the caller the call was made with
     * @param value  the reply, when {@code error} is {@code null}
     * @param error  why the call failed, or {@code null}
     */
    void reply(Caller caller, Object value, SporeException error);

    /**
     * As {@link #reply(Caller, Object, SporeException)}, from the node {@code from}: the answer counts only if the
     * call went to that node. The default ignores {@code from}. Since 2.2.0.
     *
     * @param from   the node the answer came from
     * @param caller the caller the call was made with
     * @param value  the reply, when {@code error} is {@code null}
     * @param error  why the call failed, or {@code null}
     */
    default void reply(NodeName from, Caller caller, Object value, SporeException error) {
        reply(caller, value, error);
    }

    /**
     * As {@link #reply(NodeName, Caller, Object, SporeException)}, with the caller's pid and its ref's id and
     * creation given apart (the ref's node is the caller's), so that a router need not allocate a {@link Caller}
     * and a {@link Ref} for every answer. The default makes them. Since 2.7.0.
     *
     * @param from        the node the answer came from
     * @param caller      the local caller the call was made with
     * @param refId       the id of the call's ref
     * @param refCreation the creation of the call's ref
     * @param value       the reply, when {@code error} is {@code null}
     * @param error       why the call failed, or {@code null}
     */
    default void reply(NodeName from, Pid caller, long refId, int refCreation, Object value,
                       SporeException error) {
        reply(from, new Caller(caller, refId, refCreation), value, error);
    }

    /**
     * A remote process linked itself to local {@code to}; when {@code to} does not exist, {@code from} gets an
     * exit signal with {@code noproc}.
     *
     * @param from the remote process
     * @param to   the local process
     */
    void link(Pid from, Pid to);

    /**
     * A remote process removed its link to local {@code to}.
     *
     * @param from the remote process
     * @param to   the local process
     */
    void unlink(Pid from, Pid to);

    /**
     * An exit signal from a remote process to local {@code to}, handled as one from a local process (see
     * {@link io.spore.api.ProcessContext#exit(Pid, ExitReason)}).
     *
     * @param from    the remote process that ended or sent the signal
     * @param to      the local process
     * @param reason  the exit reason
     * @param viaLink true when {@code from} ended and the signal travelled over their link; false for an explicit
     *                exit signal
     */
    void exit(Pid from, Pid to, ExitReason reason, boolean viaLink);

    /**
     * A remote process monitors local {@code target}; when {@code target} does not exist, the watcher gets a down
     * with {@code noproc}.
     *
     * @param ref     the monitor's reference, made by the watcher's node
     * @param watcher the remote process
     * @param target  the local process
     */
    void monitor(Ref ref, Pid watcher, Pid target);

    /**
     * A remote process removed its monitor of local {@code target}.
     *
     * @param ref     the monitor's reference
     * @param watcher the remote process
     * @param target  the local process
     */
    void demonitor(Ref ref, Pid watcher, Pid target);

    /**
     * A remote process that a local one monitors ended; the watcher receives a {@link io.spore.api.Down}.
     *
     * @param ref     the monitor's reference, as the local watcher got it
     * @param watcher the local process
     * @param target  the remote process that ended
     * @param reason  why it ended
     */
    void down(Ref ref, Pid watcher, Pid target, ExitReason reason);

    /**
     * A connection to {@code node} (incarnation {@code creation}) completed its handshake, which said whether the
     * node accepts remote spawns: spawns on a node that does not are refused locally at once
     * ({@code REMOTE_SPAWN_DISABLED}).
     *
     * @param node               the node now connected
     * @param creation           its incarnation, from the handshake
     * @param remoteSpawnEnabled whether the node accepts remote spawns, from the handshake
     */
    void nodeUp(NodeName node, int creation, boolean remoteSpawnEnabled);

    /**
     * {@code from} asks this node to spawn a process. The node answers through {@link RemoteRouter#spawnReply}
     * exactly once, refused or not; the child's {@code create} and {@code init} run on a worker thread, never on
     * the caller's.
     *
     * @param from    the requesting node
     * @param request what to spawn, as that node resolved it
     */
    void spawnRequest(NodeName from, SpawnRequest request);

    /**
     * The answer to a spawn request this node sent: the child's pid, or the error. A late answer is undone.
     *
     * @param ref   the request's {@link SpawnRequest#ref()}
     * @param child the child's pid, when {@code error} is {@code null}
     * @param error why the spawn failed, or {@code null}
     */
    void spawnReply(Ref ref, Pid child, SporeException error);

    /**
     * As {@link #spawnReply(Ref, Pid, SporeException)}, from the node {@code from}: the answer counts only if the
     * request went to that node. The default ignores {@code from}. Since 2.2.0.
     *
     * @param from  the node the answer came from
     * @param ref   the request's {@link SpawnRequest#ref()}
     * @param child the child's pid, when {@code error} is {@code null}
     * @param error why the spawn failed, or {@code null}
     */
    default void spawnReply(NodeName from, Ref ref, Pid child, SporeException error) {
        spawnReply(ref, child, error);
    }

    /**
     * As {@link #spawnReply(NodeName, Ref, Pid, SporeException)}, with the ref's id and creation given apart (its
     * node is this one), so that a router need not allocate a {@link Ref} for every answer. The default makes it.
     * Since 2.7.0.
     *
     * @param from        the node the answer came from
     * @param self        this node, the ref's node
     * @param refId       the id of the request's ref
     * @param refCreation the creation of the request's ref
     * @param child       the child's pid, when {@code error} is {@code null}
     * @param error       why the spawn failed, or {@code null}
     */
    default void spawnReply(NodeName from, NodeName self, long refId, int refCreation, Pid child,
                            SporeException error) {
        spawnReply(from, new Ref(self, refId, refCreation), child, error);
    }

    /**
     * {@code node} is gone (goodbye, missed heartbeats, or never reachable): every link and monitor between it and
     * local processes fires with {@code noconnection}, and calls waiting for it fail with {@code NODE_DOWN}.
     *
     * @param node the node no longer connected
     */
    void nodeDown(NodeName node);
}
