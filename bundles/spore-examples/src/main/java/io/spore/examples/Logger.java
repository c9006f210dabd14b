package io.spore.examples;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/**
 * The {@code logger} process of the Factor seed ({@code : logger ( -- ) receive print logger ;}): it prints
 * every message it receives to the node's standard output as one line, {@code [logger <pid>] <message>}.
 *
 * <p>Calls are printed the same way and answered with {@code "logged"}, so a caller knows the line was written.
 * The output goes to {@link System#out} as it is when the message is handled, which for a node is its console.
 */
public final class Logger implements ProcessBehavior {
    /** The spawn name this behaviour is registered under. */
    public static final String NAME = "logger";
    /** The reply to every call. */
    public static final String LOGGED = "logged";

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        print(context, message);
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        print(context, request);
        return LOGGED;
    }

    private static void print(ProcessContext context, Object message) {
        // One println per message keeps lines whole even when several loggers print at once.
        System.out.println("[logger " + context.self() + "] " + message);
    }
}
