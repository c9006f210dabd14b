package io.spore.distribution.supervisebundle;

import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/** A supervised worker that does nothing but crash, with an error, when it is sent {@code crash}. */
public final class Crasher implements ProcessBehavior {
    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if ("crash".equals(message)) {
            throw new IllegalStateException("crashed on purpose, as the test asked");
        }
    }
}
