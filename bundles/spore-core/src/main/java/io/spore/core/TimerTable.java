package io.spore.core;

import java.util.function.Consumer;

/**
 * A process's timers by the id of their ref: open addressing with linear probing over two arrays, so that adding and
 * removing a timer allocate nothing (a {@code HashMap} allocates an entry per timer and hashes a boxed {@code Ref}).
 * Ref ids come from a keyed permutation ({@link RefIds}) and are as good as random already; the slot is still taken
 * from the top bits of the id times the golden ratio (Fibonacci hashing), so that ids with a pattern cannot make
 * one long cluster. A removal shifts the entries after it back (Knuth's algorithm R), so there are no tombstones and
 * a table that timers pass through stays as fast as a fresh one; a table that empties gives its room back.
 *
 * <p>Threading: the process's own turn only.
 */
final class TimerTable {
    private static final int MIN_CAPACITY = 8;
    /**
     * Room a table keeps as it empties: enough for {@link ProcessTimers#SPARES_MAX} timers, so that a process which
     * keeps that many in flight does not grow and shrink its table on every round.
     */
    private static final int KEEP_CAPACITY = 2 * ProcessTimers.SPARES_MAX;
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private long[] ids = new long[MIN_CAPACITY];
    private ProcessTimer[] timers = new ProcessTimer[MIN_CAPACITY];
    private int size;
    /** 64 less log2 of the capacity: how far a hashed id is shifted to give a slot. */
    private int shift = Long.numberOfLeadingZeros(MIN_CAPACITY - 1);

    int size() {
        return size;
    }

    /** @return the slots it has room for now, for tests */
    int capacity() {
        return timers.length;
    }

    /** Adds {@code timer} under its {@link ProcessTimer#refId}, which the table does not hold yet. */
    void put(ProcessTimer timer) {
        if (2 * (size + 1) > timers.length) {
            resize(timers.length * 2);
        }
        int mask = timers.length - 1;
        int slot = slot(timer.refId);
        while (timers[slot] != null) {
            slot = (slot + 1) & mask;
        }
        ids[slot] = timer.refId;
        timers[slot] = timer;
        size++;
    }

    /** @return the timer of {@code refId}, now removed, or {@code null} */
    ProcessTimer remove(long refId) {
        int mask = timers.length - 1;
        for (int slot = slot(refId); timers[slot] != null; slot = (slot + 1) & mask) {
            if (ids[slot] == refId) {
                ProcessTimer timer = timers[slot];
                deleteAt(slot);
                if (timers.length > KEEP_CAPACITY && size < timers.length >>> 3) {
                    resize(timers.length >>> 1); // a process that once held a million timers does not keep the room
                }
                return timer;
            }
        }
        return null;
    }

    /** Removes every timer that can no longer fire (those that fired; cancelled ones are removed as they are). */
    void removeSpent() {
        for (int slot = 0; slot < timers.length; slot++) {
            // A deletion moves a later entry into this slot: look at the slot again before moving on.
            while (timers[slot] != null && !timers[slot].isPending()) {
                deleteAt(slot);
            }
        }
    }

    /** Calls {@code action} for every timer, then empties the table. */
    void drain(Consumer<ProcessTimer> action) {
        for (int slot = 0; slot < timers.length; slot++) {
            if (timers[slot] != null) {
                action.accept(timers[slot]);
            }
        }
        ids = new long[MIN_CAPACITY];
        timers = new ProcessTimer[MIN_CAPACITY];
        shift = Long.numberOfLeadingZeros(MIN_CAPACITY - 1);
        size = 0;
    }

    private void deleteAt(int hole) {
        int mask = timers.length - 1;
        int slot = hole;
        while (true) {
            slot = (slot + 1) & mask;
            ProcessTimer moving = timers[slot];
            if (moving == null) {
                break;
            }
            int home = slot(ids[slot]);
            // The entry may move back into the hole unless its home lies cyclically in (hole, slot].
            boolean homeBetween = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
            if (!homeBetween) {
                ids[hole] = ids[slot];
                timers[hole] = moving;
                hole = slot;
            }
        }
        ids[hole] = 0;
        timers[hole] = null;
        size--;
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        ProcessTimer[] oldTimers = timers;
        ids = new long[capacity];
        timers = new ProcessTimer[capacity];
        shift = Long.numberOfLeadingZeros(capacity - 1);
        size = 0;
        for (int i = 0; i < oldTimers.length; i++) {
            if (oldTimers[i] != null) {
                put(oldTimers[i]);
            }
        }
    }

    private int slot(long id) {
        return (int) ((id * GOLDEN) >>> shift);
    }
}
