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
}
