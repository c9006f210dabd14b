package io.spore.benchmarks.receiver;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/**
 * Counts every message it is sent. A call whose request is a number {@code n} is answered with the count once the
 * count reaches {@code n}, at once if it has already: the sender in another process learns that its batch has been
 * handled with one round trip, where the in-JVM benchmark reads a shared counter.
 *
 * <p>One waiting caller at a time (the benchmark has one sending thread); a newer call answers the older one with
 * the count so far, so no caller is left to its timeout.
 */
public final class Sink implements ProcessBehavior {
    private long count;
    private Caller waiting;
    private long target;

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        count++;
        if (waiting != null && count >= target) {
            context.reply(waiting, count);
            waiting = null;
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        if (!(request instanceof Number n)) {
            return "error: call with the count to wait for, a number; got '" + request + "'";
        }
        if (count >= n.longValue()) {
            return count;
        }
        if (waiting != null) {
            context.reply(waiting, count);
        }
        waiting = caller;
        target = n.longValue();
        return ProcessContext.NO_REPLY;
    }
}
