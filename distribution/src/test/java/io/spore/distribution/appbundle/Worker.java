package io.spore.distribution.appbundle;

import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/** Prints one line on the node's output when it starts (with its application and environment) and when it ends. */
public final class Worker implements ProcessBehavior {
    private String id;

    @Override
    public void init(ProcessContext ctx, Object... args) {
        id = (String) args[0];
        ctx.trapExits(true); // terminate runs on the supervisor's shutdown signal
        System.out.println("app worker " + id + " started app=" + ctx.application() + " shift=" + ctx.env("shift"));
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if (message instanceof Exit exit) {
            ctx.exit(exit.reason());
        }
    }

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason) {
        System.out.println("app worker " + id + " stopped (" + reason + ")");
    }
}
