package io.spore.examples;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/**
 * The {@code worker} process of the examples application: it does jobs and can be told to crash, so that its
 * supervisor's restart can be watched.
 *
 * <p>Spawn arguments: its name (default {@code worker}). Messages: {@code "crash"} throws, which ends the process
 * with an error reason and makes its supervisor restart it; anything else counts as a job done. Calls:
 * {@code "status"} answers {@code NAME on NODE (application APP, jobs N)}; anything else is a job, answered with
 * {@code "done: REQUEST"}.
 */
public final class Worker implements ProcessBehavior {
    /** The spawn name this behaviour is registered under. */
    public static final String NAME = "worker";

    private String name = NAME;
    private long jobs;

    @Override
    public void init(ProcessContext context, Object... args) {
        if (args.length > 0) {
            name = String.valueOf(args[0]);
        }
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if ("crash".equals(message)) {
            throw new IllegalStateException(name + " was told to crash");
        }
        jobs++;
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        if ("status".equals(request)) {
            return name + " on " + context.node().name() + " (application " + context.application() + ", jobs "
                + jobs + ")";
        }
        jobs++;
        return "done: " + request;
    }
}
