package io.spore.examples;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code echo} process: gives back whatever it gets.
 *
 * <ul>
 *   <li>A call is answered with the request itself.</li>
 *   <li>A message {@code [pid, x]} sends {@code x} to {@code pid}; {@code [pid, x, y, …]} sends the list
 *       {@code [x, y, …]} (and {@code [pid]} an empty list). This lets a sender that is not a process, such as the
 *       shell, name where the echo should go.</li>
 *   <li>Any other message from a process goes back to that process.</li>
 *   <li>Any other message from outside a process (a node's identity: nobody to answer) is logged at INFO.</li>
 * </ul>
 */
public final class Echo implements ProcessBehavior {
    /** The spawn name this behaviour is registered under. */
    public static final String NAME = "echo";

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if (message instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Pid replyTo) {
            List<?> rest = list.subList(1, list.size());
            // Copy: a subList view would keep the whole message alive and may not be encodable for the wire.
            context.send(replyTo, rest.size() == 1 ? rest.get(0) : new ArrayList<>(rest));
        } else if (!from.isNode()) {
            context.send(from, message);
        } else {
            context.log().info("echo: %s (from %s, which is not a process, so nothing is sent back)", message, from);
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        return request;
    }
}
