package io.spore.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A map from {@code long} keys to values that allocates nothing to add or remove an entry: open addressing with
 * linear probing over two parallel arrays, and deletion by shifting the entries that follow back into the hole (no
 * tombstones, so a table that churns stays as fast as a fresh one). {@link ReplyTable} keeps its waits here, keyed
 * by their ref's id: every call, spawn and important send adds and removes one, and a {@code ConcurrentHashMap}
 * keyed by {@code Ref} allocated a node per wait and needed the ref object as its key.
 *
 * <p>The keys are ref ids, the output of a keyed permutation ({@link RefIds}), so they are spread already; the
 * slot is their low bits after one more mix. The table doubles when half full and never shrinks: its size follows
 * the most waits that were ever open at once.
 *
 * <p>Threading: not thread-safe; its owner locks.
 *
 * @param <V> the values
 */
final class LongTable<V> {
    private static final int INITIAL_CAPACITY = 64;

    private long[] keys = new long[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    /** @return the value of {@code key}, or {@code null} */
    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Adds or replaces the value of {@code key}. */
    void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size > keys.length >> 1) {
            grow();
        }
    }

    /** @return the value {@code key} had, now removed, or {@code null} */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V removed = (V) values[i];
                delete(i, mask);
                return removed;
            }
        }
        return null;
    }

    /** Removes the entries whose value {@code which} selects; an error path, so it may allocate. */
    @SuppressWarnings("unchecked")
    List<V> removeIf(Predicate<V> which) {
        List<V> removed = new ArrayList<>();
        int mask = keys.length - 1;
        int i = 0;
        while (i < keys.length) {
            Object value = values[i];
            if (value != null && which.test((V) value)) {
                removed.add((V) value);
                delete(i, mask); // an entry may have moved into slot i: look at it again
            } else {
                i++;
            }
        }
        return removed;
    }

    int size() {
        return size;
    }

    /** Empties slot {@code hole} and moves back the entries of its run that can no longer be found past it. */
    private void delete(int hole, int mask) {
        values[hole] = null;
        size--;
        for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int home = slot(keys[i], mask);
            // Move it when its home is not in the cyclic range (hole, i]: probing from home passes the hole.
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length << 1];
        values = new Object[oldValues.length << 1];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long mixed = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (mixed >>> 32) & mask;
    }
}
