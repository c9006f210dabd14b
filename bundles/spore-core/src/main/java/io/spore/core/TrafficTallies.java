package io.spore.core;

import io.spore.core.spi.TrafficStats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The traffic counts of {@link NodeMonitor}, kept per thread: each thread that sends to or receives from other
 * nodes counts into a tally of its own, and a reader sums the tallies.
 *
 * <p>Why not one {@link java.util.concurrent.atomic.LongAdder} per count: even uncontended, its increment is a locked
 * compare-and-set, paid on every remote message on the sending thread and again on the receiving one; a profile of
 * one-way sends showed it taking nearly a third of the send. A tally has one writer, so an increment is a plain read
 * and an opaque store.
 *
 * <p>A tally outlives its thread only until the next sum or the next thread's first count: then its counts move
 * into the retired totals and it is dropped, so threads that come and go do not pile up tallies.
 *
 * <p>Threading: {@link #mine()} and the tally's increments from any thread, each on its own tally; {@link #stats()}
 * from any thread (the counts may lag their writers by a few, never go backwards).
 */
final class TrafficTallies {
    private final ThreadLocal<Tally> mine = ThreadLocal.withInitial(this::register);
    private final ConcurrentLinkedQueue<Tally> live = new ConcurrentLinkedQueue<>();
    /** Counts of tallies whose threads ended; guarded by {@code this}. */
    private final long[] retired = new long[Tally.KINDS];

    /** @return the calling thread's tally */
    Tally mine() {
        return mine.get();
    }

    /** @return the counts of every thread so far */
    synchronized TrafficStats stats() {
        retireEnded();
        long[] sum = retired.clone();
        for (Tally tally : live) {
            tally.addTo(sum);
        }
        return new TrafficStats(sum[Tally.MESSAGES_IN], sum[Tally.MESSAGES_OUT], sum[Tally.CALLS_IN],
            sum[Tally.CALLS_OUT], sum[Tally.SPAWNS_IN], sum[Tally.SPAWNS_OUT]);
    }

    private Tally register() {
        Tally tally = new Tally(Thread.currentThread());
        synchronized (this) {
            retireEnded();
            live.add(tally);
        }
        return tally;
    }

    /** Guarded by {@code this}. A thread that ended counts no more, so its tally's counts are final. */
    private void retireEnded() {
        for (Iterator<Tally> it = live.iterator(); it.hasNext(); ) {
            Tally tally = it.next();
            Thread owner = tally.owner.get();
            if (owner == null || !owner.isAlive()) {
                tally.addTo(retired);
                it.remove();
            }
        }
    }

    /** One thread's counts. Owner only for the increments. */
    static final class Tally {
        private static final int MESSAGES_IN = 0;
        private static final int MESSAGES_OUT = 1;
        private static final int CALLS_IN = 2;
        private static final int CALLS_OUT = 3;
        private static final int SPAWNS_IN = 4;
        private static final int SPAWNS_OUT = 5;
        private static final int KINDS = 6;
        private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

        private final WeakReference<Thread> owner;
        private final long[] counts = new long[KINDS];

        private Tally(Thread owner) {
            this.owner = new WeakReference<>(owner);
        }

        void messageIn() {
            increment(MESSAGES_IN);
        }

        void messageOut() {
            increment(MESSAGES_OUT);
        }

        void callIn() {
            increment(CALLS_IN);
        }

        void callOut() {
            increment(CALLS_OUT);
        }

        void spawnIn() {
            increment(SPAWNS_IN);
        }

        void spawnOut() {
            increment(SPAWNS_OUT);
        }

        /** Owner only: one more of {@code kind}. */
        private void increment(int kind) {
            COUNTS.setOpaque(counts, kind, counts[kind] + 1);
        }

        private void addTo(long[] sum) {
            for (int kind = 0; kind < KINDS; kind++) {
                sum[kind] += (long) COUNTS.getOpaque(counts, kind);
            }
        }
    }
}
