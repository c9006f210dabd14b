package io.spore.examples;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.SporeException;

/**
 * The {@code greeter} process: greets whoever it is told about.
 *
 * <p>Spawn arguments: none (the greeting is {@value #DEFAULT_GREETING}), or the greeting as one non-blank
 * {@link String}; anything else fails the spawn with {@code INIT_FAILED}, naming the argument.
 *
 * <ul>
 *   <li>A call with a name is answered with {@code "<greeting>, <name>"}.</li>
 *   <li>A message from a process is answered the same way, by a message back to that process.</li>
 *   <li>A message from outside a process (a node's identity: nobody to answer) is logged at INFO.</li>
 * </ul>
 *
 * <p>Offered by {@link GreeterFactory}, a Declarative Services component, where the other examples are registered
 * by {@link ExamplesActivator}: the two ways of writing a factory bundle, side by side.
 */
public final class Greeter implements ProcessBehavior {
    /** The spawn name this behaviour is registered under. */
    public static final String NAME = "greeter";
    /** The greeting when the spawn gives none. */
    public static final String DEFAULT_GREETING = "hello";

    private String greeting = DEFAULT_GREETING;

    @Override
    public void init(ProcessContext context, Object... args) {
        if (args.length > 1) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "greeter: takes at most one spawn argument, the greeting; got " + args.length
                    + " (quote a greeting of several words)");
        }
        if (args.length == 1) {
            if (!(args[0] instanceof String text) || text.isBlank()) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                    "greeter: the spawn argument is the greeting, a non-blank string; got '" + args[0] + "'"
                        + (args[0] == null ? "" : " (" + args[0].getClass().getSimpleName() + ")"));
            }
            greeting = text;
        }
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if (!from.isNode()) {
            context.send(from, greet(message));
        } else {
            context.log().info("greeter: %s (from %s, which is not a process, so nothing is sent back)",
                greet(message), from);
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        return greet(request);
    }

    private String greet(Object name) {
        return greeting + ", " + name;
    }
}
