package io.spore.benchmarks.receiver;

import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/** Ends in its {@code init}: a remote spawn of it measures the spawn, not the growth of the process table. */
public final class ExitInInit implements ProcessBehavior {
    @Override
    public void init(ProcessContext context, Object... args) {
        context.exit(ExitReason.NORMAL);
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
    }
}
