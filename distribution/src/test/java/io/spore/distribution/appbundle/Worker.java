package io.spore.distribution.appbundle;

import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/**
 * Prints one line on the node's output when it starts (with its application and environment) and when it ends. With
 * the environment entry {@code crash=yes}, it crashes 100 ms after it started, every time, so its supervisor soon
 * exceeds its restart intensity.
 */
public final class Worker implements ProcessBehavior {
    private String id;

    @Override
    public void init(ProcessContext ctx, Object... args) {
        id = (String) args[0];
        ctx.trapExits(true); // terminate runs on the supervisor's shutdown signal
        System.out.println("app worker " + id + " started app=" + ctx.application() + " shift=" + ctx.env("shift"));
        if ("yes".equals(ctx.env("crash"))) {
            ctx.sendAfter(ctx.self(), "crash", java.time.Duration.ofMillis(100));
        }
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if ("crash".equals(message)) {
            throw new IllegalStateException(id + " crashes, as its environment says");
        }
        if (message instanceof Exit exit) {
            ctx.exit(exit.reason());
        }
    }

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason) {
        System.out.println("app worker " + id + " stopped (" + reason + ")");
    }
}
