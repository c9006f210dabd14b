package io.spore.api.supervisor;

import io.spore.api.ExitReason;
import io.spore.api.ProcessContext;
import io.spore.api.Ref;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Stops children without ever blocking the supervisor's thread: batch by batch, each child gets the exit signal
 * {@code shutdown} (or {@code killed} for {@link ChildSpec#BRUTAL_KILL}), and a timer of the supervisor's own kills
 * the ones still running when their shutdown timeout passes. A batch is done when the {@link io.spore.api.Exit} of
 * each of its children has arrived over their links; then the next batch starts, and after the last one the
 * continuation runs. Static children are stopped one per batch, in reverse start order; the children of a simple
 * one-for-one supervisor all in one batch, as OTP does.
 *
 * <p>One sequence at a time: the supervisor defers other work until it is done. Own turn only.
 */
final class ChildStopper {
    /** A stop sequence is not stopping this child. */
    static final int NONE = 0;
    /** The child is in a batch still to come. */
    static final int QUEUED = 1;
    /** The child has its exit signal; its Exit is awaited. */
    static final int SIGNALLED = 2;

    /** The timer message that ends a batch's wait. */
    record Timeout(long batch) {
    }

    private final ProcessContext ctx;
    private final ArrayDeque<List<Child>> batches = new ArrayDeque<>();
    private Runnable then;
    /** The batch being stopped now. */
    private List<Child> currentBatch = List.of();
    /** Children of the current batch whose Exit has not arrived. */
    private int awaited;
    /** Numbers the batches, so that the timer of a batch already done is recognised. */
    private long batch;
    private Ref timer;

    ChildStopper(ProcessContext ctx) {
        this.ctx = ctx;
    }

    boolean busy() {
        return then != null;
    }

    /**
     * Stops {@code sequence} batch by batch, then runs {@code next}; at once when none of them runs.
     *
     * @param sequence the batches, in the order to stop them
     * @param next     what to do once all have ended
     */
    void stop(List<List<Child>> sequence, Runnable next) {
        if (busy()) {
            throw new IllegalStateException("a stop sequence is running already");
        }
        for (List<Child> group : sequence) {
            for (Child child : group) {
                child.stopPhase = QUEUED;
            }
            batches.addLast(group);
        }
        then = next;
        nextBatch();
    }

    /**
     * A child ended; its pid is unbound already.
     *
     * @return whether this sequence was stopping it (then nothing else is to be done about its exit)
     */
    boolean onExit(Child child) {
        int phase = child.stopPhase;
        child.stopPhase = NONE;
        if (phase == SIGNALLED && --awaited == 0) {
            if (timer != null) {
                ctx.cancelTimer(timer);
                timer = null;
            }
            nextBatch();
        }
        return phase != NONE;
    }

    /** The shutdown timeout of a batch passed: kill what is left of it, if it is still the current one. */
    void onTimeout(Timeout timeout) {
        if (timeout.batch() != batch || awaited == 0) {
            return;
        }
        timer = null;
        for (Child child : currentBatch) {
            if (child.stopPhase == SIGNALLED && child.pid != null) {
                ctx.log().warning("%s did not end within its shutdown timeout %s; killing it", child,
                    child.spec.shutdown());
                ctx.exit(child.pid, ExitReason.KILLED);
            }
        }
    }

    private void nextBatch() {
        while (!batches.isEmpty()) {
            List<Child> group = batches.pollFirst();
            Duration wait = Duration.ZERO;
            for (Child child : group) {
                if (child.pid == null || child.stopPhase != QUEUED) {
                    child.stopPhase = NONE; // ended meanwhile, its Exit taken already
                    continue;
                }
                child.stopPhase = SIGNALLED;
                awaited++;
                Duration shutdown = child.spec.shutdown();
                if (shutdown.isZero()) {
                    ctx.exit(child.pid, ExitReason.KILLED);
                } else {
                    ctx.exit(child.pid, ExitReason.SHUTDOWN);
                    wait = shutdown.compareTo(wait) > 0 ? shutdown : wait;
                }
            }
            if (awaited > 0) {
                currentBatch = group;
                batch++;
                if (!wait.isZero() && !wait.equals(ChildSpec.INFINITY)) {
                    timer = ctx.sendAfter(ctx.self(), new Timeout(batch), wait);
                }
                return;
            }
        }
        currentBatch = List.of();
        Runnable next = then;
        then = null;
        next.run();
    }
}
