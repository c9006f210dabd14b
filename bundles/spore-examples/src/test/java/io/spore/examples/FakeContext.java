package io.spore.examples;

import io.spore.api.LogLevel;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessLogger;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** Just enough of a {@link ProcessContext} to drive a behaviour by hand: it records sends and log lines. */
final class FakeContext {
    static final NodeName NODE = NodeName.parse("test@localhost");
    static final Pid SELF = new Pid(NODE, 7, 1);
    static final Pid NODE_IDENTITY = new Pid(NODE, Pid.NODE_ID, 1);

    record Sent(Pid to, Object message) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<String> logLines = new ArrayList<>();

    final ProcessContext context = (ProcessContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ProcessContext.class}, (proxy, method, args) -> switch (method.getName()) {
            case "self" -> SELF;
            case "send" -> record(new Sent((Pid) args[0], args[1]));
            case "log" -> logger();
            default -> throw new UnsupportedOperationException("FakeContext does not do " + method.getName());
        });

    private Object record(Sent send) {
        sent.add(send);
        return null;
    }

    private ProcessLogger logger() {
        return (LogLevel level, String format, Object... args) -> logLines.add(level + " " + format.formatted(args));
    }
}
