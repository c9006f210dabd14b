package io.spore.distribution.spawnbundle;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

import java.util.List;
import java.util.TreeMap;

/** Answers the call {@code info} with what it inherited, on one line: parent, application, level, env and args. */
public class Inspector implements ProcessBehavior {
    private List<Object> args = List.of();

    @Override
    public void init(ProcessContext ctx, Object... args) throws Exception {
        this.args = List.of(args);
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
    }

    @Override
    public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
        // Pids without brackets, as the shell prints and reads them.
        return "parent=" + bare(ctx.parent()) + " application=" + ctx.application() + " level=" + ctx.logLevel()
            + " env=" + new TreeMap<>(ctx.env()) + " args=" + args;
    }

    static String bare(Pid pid) {
        String text = pid.toString();
        return text.startsWith("<") && text.endsWith(">") ? text.substring(1, text.length() - 1) : text;
    }
}
