package io.spore.distribution.testbundle;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The test bundle's behaviour. Calls: {@code "bundle"} answers the symbolic name of the bundle that loaded this
 * class (proof that it came from the jar, through Felix); {@code "last"} the last message sent; anything else
 * {@code "hello, <request>"}. Spawned with a number of milliseconds, its init takes that long.
 */
public final class ShippedGreeter implements ProcessBehavior {
    private Object last = "nothing yet";

    /** A whole number argument makes init take that many milliseconds (a spawn in progress, for the tests). */
    @Override
    public void init(ProcessContext context, Object... args) throws InterruptedException {
        if (args.length > 0 && args[0] instanceof String text && text.matches("\\d{1,6}")) {
            Thread.sleep(Long.parseLong(text));
        } else if (args.length > 0 && args[0] instanceof Number millis) {
            Thread.sleep(millis.longValue());
        }
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        last = message;
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        if ("bundle".equals(request)) {
            Bundle bundle = FrameworkUtil.getBundle(ShippedGreeter.class);
            return bundle == null ? "not loaded by a bundle" : bundle.getSymbolicName();
        }
        if ("last".equals(request)) {
            return last;
        }
        return "hello, " + request;
    }
}
