package io.spore.core.osgi.appbundle;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/**
 * A worker of the test application: tells the process registered as {@value #OBSERVER} when it starts (with its
 * application and two entries of its environment) and when it ends; crashes on {@code crash}.
 */
public final class AppWorker implements ProcessBehavior {
    /** The name of the test's observer process. */
    public static final String OBSERVER = "observer";

    private String id;

    @Override
    public void init(ProcessContext ctx, Object... args) {
        id = (String) args[0];
        ctx.trapExits(true); // so that terminate runs on the supervisor's shutdown signal
        tell(ctx, "started " + id + " app=" + ctx.application() + " color=" + ctx.env("color") + " greeting="
            + ctx.env("greeting"));
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if ("crash".equals(message)) {
            throw new IllegalStateException(id + " crashed on purpose");
        }
        if (message instanceof io.spore.api.Exit exit) {
            ctx.exit(exit.reason());
        }
    }

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason) {
        tell(ctx, "stopped " + id);
    }

    private static void tell(ProcessContext ctx, String event) {
        if (ctx.node().whereis(Name.of(OBSERVER)).isPresent()) {
            ctx.send(Name.of(OBSERVER), event);
        }
    }
}
