package io.spore.wire;

import io.spore.wire.MalformedFrameException.Problem;

import java.util.HashMap;

/**
 * Counts how many keys of one received map or set share each hash code, and refuses the payload when more than
 * {@link PayloadFormat#MAX_KEYS_PER_HASH} do.
 *
 * <p>Why: {@code HashMap} keeps colliding keys in a tree, but keys that share a hash code and are not mutually
 * comparable (lists, maps, records: a sender can make any number of them with one hash code) are searched one by one,
 * so n such keys cost n² equality tests. Refusing a crowd of one hash before the key goes in bounds every insertion
 * to that many tests. The counts themselves are kept in a {@code HashMap} keyed by {@code Integer}, which is
 * comparable, so a hostile spread of hash codes cannot degrade the counting either.
 *
 * <p>Not counted, so that large honest maps and sets cost nothing extra: a map or set of at most
 * {@link PayloadFormat#MAX_KEYS_PER_HASH} entries (it cannot exceed the bound), and keys whose collisions a
 * {@code HashMap} already handles in logarithmic time or that a sender cannot collide: strings and boxed primitives
 * (each its own final comparable class), enum constants and byte arrays (identity hash codes).
 */
abstract class KeyHashCounts {
    private static final KeyHashCounts SMALL = new KeyHashCounts() {
        @Override
        void admit(Object key, String what) {
            // too few keys to flood anything
        }
    };

    /** @return a counter for a map or set of {@code entries} entries */
    static KeyHashCounts forEntries(int entries) {
        return entries <= PayloadFormat.MAX_KEYS_PER_HASH ? SMALL : new Counting(entries);
    }

    /**
     * Admits one more key.
     *
     * @throws MalformedFrameException {@code HASH_FLOODING} when too many keys share its hash code
     */
    abstract void admit(Object key, String what);

    private static final class Counting extends KeyHashCounts {
        private final HashMap<Integer, int[]> counts;

        Counting(int entries) {
            counts = new HashMap<>(Math.min(entries, 1024));
        }

        @Override
        void admit(Object key, String what) {
            if (key == null || key instanceof String || key instanceof Number || key instanceof Character
                || key instanceof Boolean || key instanceof Enum<?> || key instanceof byte[]) {
                return;
            }
            int hash = key.hashCode();
            int[] count = counts.computeIfAbsent(hash, h -> new int[1]);
            if (++count[0] > PayloadFormat.MAX_KEYS_PER_HASH) {
                throw new MalformedFrameException(Problem.HASH_FLOODING, "more than "
                    + PayloadFormat.MAX_KEYS_PER_HASH + " keys of one received " + what + " share the hash code "
                    + hash + " (" + key.getClass().getName() + "): refused as hash flooding");
            }
        }
    }
}
