package io.spore.transport;

import io.spore.wire.FrameType;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every {@link Tally} of one transport, summed when read. A tally whose thread has ended is folded into the retired
 * totals at the next read or the next registration and dropped, so threads that come and go do not pile up tallies.
 *
 * <p>Threading: {@link #newTally} and the sums from any thread; the sums may lag the writers by a few counts.
 */
final class ThreadTallies {
    private final ConcurrentLinkedQueue<Tally> live = new ConcurrentLinkedQueue<>();
    /** Counts of tallies whose threads ended; guarded by {@code this}. */
    private final long[] retired = new long[Tally.SLOTS];

    /**
     * @param owner the thread that counts into it, or {@code null} for a tally that lives as long as the transport
     *              (the agent's, the receiving work's, which several threads write one at a time under a lock)
     * @return a new tally, counted in the sums from now on
     */
    Tally newTally(Thread owner) {
        Tally tally = new Tally(owner);
        synchronized (this) {
            retireEnded();
            live.add(tally);
        }
        return tally;
    }

    /** @return the sum of {@code slot} over every tally so far */
    synchronized long sum(int slot) {
        retireEnded();
        long sum = retired[slot];
        for (Tally tally : live) {
            sum += tally.get(slot);
        }
        return sum;
    }

    /** @return the sum of slots {@code from} (inclusive) to {@code to} (exclusive) over every tally so far */
    synchronized long sum(int from, int to) {
        long sum = 0;
        for (int slot = from; slot < to; slot++) {
            sum += sum(slot);
        }
        return sum;
    }

    /** @return frames of {@code type} sent */
    long out(FrameType type) {
        return sum(Tally.OUT + type.templateId());
    }

    /** @return frames of {@code type} received from authenticated peers */
    long in(FrameType type) {
        return sum(Tally.IN + type.templateId());
    }

    /** Guarded by {@code this}. A thread that ended counts no more, so its tally's counts are final. */
    private void retireEnded() {
        for (Iterator<Tally> it = live.iterator(); it.hasNext(); ) {
            Tally tally = it.next();
            if (tally.ownerEnded()) {
                for (int slot = 0; slot < Tally.SLOTS; slot++) {
                    retired[slot] += tally.get(slot);
                }
                it.remove();
            }
        }
    }
}
