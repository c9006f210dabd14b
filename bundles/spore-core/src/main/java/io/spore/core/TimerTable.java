package io.spore.core;

import java.util.function.Consumer;

/**
 * A process's timers by the id of their ref: open addressing with linear probing over two arrays, so that adding and
 * removing a timer allocate nothing (a {@code HashMap} allocates an entry per timer and hashes a boxed {@code Ref}).
 * Ref ids come from a keyed permutation ({@link RefIds}) and are as good as random, so the id's own bits pick the
 * slot. A removal shifts the entries after it back (Knuth's algorithm R), so there are no tombstones and a table
 * that timers pass through stays as fast as a fresh one.
 *
 * <p>Threading: the process's own turn only.
 */
final class TimerTable {
    private static final int MIN_CAPACITY = 8;

    private long[] ids = new long[MIN_CAPACITY];
    private ProcessTimer[] timers = new ProcessTimer[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** Adds {@code timer} under its {@link ProcessTimer#refId}, which the table does not hold yet. */
    void put(ProcessTimer timer) {
        if (2 * (size + 1) > timers.length) {
            resize(timers.length * 2);
        }
        int mask = timers.length - 1;
        int slot = slot(timer.refId, mask);
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
        for (int slot = slot(refId, mask); timers[slot] != null; slot = (slot + 1) & mask) {
            if (ids[slot] == refId) {
                ProcessTimer timer = timers[slot];
                deleteAt(slot);
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
            int home = slot(ids[slot], mask);
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
        size = 0;
        for (int i = 0; i < oldTimers.length; i++) {
            if (oldTimers[i] != null) {
                put(oldTimers[i]);
            }
        }
    }

    private static int slot(long id, int mask) {
        return (int) (id ^ (id >>> 32)) & mask;
    }
}
