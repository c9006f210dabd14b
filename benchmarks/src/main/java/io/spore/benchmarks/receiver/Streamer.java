package io.spore.benchmarks.receiver;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/**
 * Streams messages to another node for a while when called, so that {@code benchmarks/many-nodes.sh} can measure
 * what a busy peer costs (the {@code /dev/shm} its logs then touch). The request is {@code "PID MILLIS SIZE"}: the
 * target pid, with or without its angle brackets (which Gogo reads as redirections), how long to stream, and the
 * bytes of each message. A pid that does not exist will do: its node reads every message off the stream, then drops
 * and counts it. The answer says how many were sent.
 *
 * <p>It streams within the call's turn, holding one worker for that while: fine for a benchmark's node, which does
 * nothing else meanwhile. A send refused by back-pressure ends the stream early, and the answer says so.
 */
public final class Streamer implements ProcessBehavior {
    /** The longest stream a call may ask for, so that a typo cannot hold a worker for long. */
    private static final long MAX_MILLIS = 10_000;
    /** The largest message a call may ask for. */
    private static final int MAX_SIZE = 1024 * 1024;

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        // Only calls start a stream.
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        String[] words = String.valueOf(request).trim().split("\\s+");
        Pid target;
        long millis;
        int size;
        try {
            target = Pid.parse(words[0].startsWith("<") ? words[0] : "<" + words[0] + ">");
            millis = Long.parseLong(words[1]);
            size = Integer.parseInt(words[2]);
        } catch (RuntimeException e) {
            return "error: call with 'PID MILLIS SIZE', e.g. 'b@localhost.999999.1 1000 1024'; got '" + request
                + "'";
        }
        if (millis < 1 || millis > MAX_MILLIS || size < 1 || size > MAX_SIZE) {
            return "error: MILLIS must be 1 to " + MAX_MILLIS + " and SIZE 1 to " + MAX_SIZE;
        }
        byte[] payload = new byte[size];
        long startNs = System.nanoTime();
        long endNs = startNs + millis * 1_000_000;
        long sent = 0;
        try {
            while (System.nanoTime() - endNs < 0) {
                context.send(target, payload);
                sent++;
            }
        } catch (RuntimeException e) {
            return "stopped after " + sent + " messages: " + e.getMessage();
        }
        return "sent " + sent + " messages of " + size + " bytes in " + (System.nanoTime() - startNs) / 1_000_000
            + " ms";
    }
}
