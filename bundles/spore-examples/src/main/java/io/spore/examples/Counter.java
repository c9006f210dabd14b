package io.spore.examples;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.SporeException;

/**
 * The {@code counter} process: a long count, changed by messages and read by calls, like a minimal Erlang
 * {@code gen_server}.
 *
 * <p>Spawn arguments: none (the count starts at 0), or the initial count as a whole number ({@link Number} or
 * numeric {@link String}); anything else fails the spawn with {@code INIT_FAILED}, naming the argument.
 *
 * <p>Messages (casts): {@code "inc"} or {@code "increment"} add 1; a {@link Number}, or a String holding a whole
 * number (what {@code spore:send counter 5} delivers), adds its long value; {@code "reset"} sets 0. Other
 * messages are logged at WARNING and ignored: a stray cast must not destroy the count.
 *
 * <p>Calls: {@code "get"} returns the count; {@code "inc"} (or {@code "increment"}) adds 1 and returns the new
 * count; {@code "reset"} sets 0 and returns 0. Every successful reply is a {@link Long}. Any other request is
 * answered with a {@link String} starting {@code "error: "} that names the request and the accepted ones, and the
 * counter keeps running with its count, as a {@code gen_server} whose catch-all {@code handle_call} clause replies
 * {@code {error, unknown_call}} rather than crashing. A caller tells the two apart by the reply's type.
 */
public final class Counter implements ProcessBehavior {
    /** The spawn name this behaviour is registered under. */
    public static final String NAME = "counter";

    private long count;

    @Override
    public void init(ProcessContext context, Object... args) {
        if (args.length > 0) {
            Long initial = wholeNumber(args[0]);
            if (initial == null) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                    "counter: the first spawn argument is the initial count, a whole number; got '" + args[0]
                        + "' (" + args[0].getClass().getSimpleName() + ")");
            }
            count = initial;
        }
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if ("inc".equals(message) || "increment".equals(message)) {
            count++;
        } else if ("reset".equals(message)) {
            count = 0;
        } else {
            Long delta = wholeNumber(message);
            if (delta != null) {
                count += delta;
            } else {
                context.log().warning("counter: ignored message '%s' from %s: send inc, increment, reset or a number",
                    message, from);
            }
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        if ("get".equals(request)) {
            return count;
        }
        if ("inc".equals(request) || "increment".equals(request)) {
            return ++count;
        }
        if ("reset".equals(request)) {
            count = 0;
            return count;
        }
        return "error: unknown request '" + request + "': use get, inc or reset";
    }

    /** @return {@code value} as a long when it is a Number or a String holding a whole number, else null */
    static Long wholeNumber(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }
}
