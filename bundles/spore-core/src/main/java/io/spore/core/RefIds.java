package io.spore.core;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of the refs a node makes: unique within its incarnation, and not a sequence. A ref names a call, a spawn
 * request, a monitor or an important send in the frames that answer it, so a third node that could guess the next
 * ref might try to answer in another node's place. Answers are taken only from the node asked (the real guard);
 * unguessable ids add depth, as Erlang's refs do.
 *
 * <p>Each id is the node's counter put through a keyed permutation of 64-bit numbers: a Feistel network of
 * {@link #ROUNDS} rounds, with round keys drawn from {@link SecureRandom} when the node starts. A Feistel network is
 * a bijection whatever its round function, so distinct counters give distinct ids; the round function is a 64-bit
 * mixer (murmur3's finaliser) of the half and its key. It is not a cipher with a proof, and it need not be: it costs
 * a few nanoseconds per ref, and without the keys the ids a node has made say nothing useful about its next one.
 *
 * <p>Threading: any thread.
 */
final class RefIds {
    static final int ROUNDS = 4;

    private final AtomicLong counter = new AtomicLong();
    private final long[] keys = new long[ROUNDS];

    RefIds(SecureRandom random) {
        for (int i = 0; i < ROUNDS; i++) {
            keys[i] = random.nextLong();
        }
    }

    /** @return the next id: never one this instance returned before (until 2^64 ids) */
    long next() {
        return permute(counter.incrementAndGet());
    }

    /** The keyed permutation: distinct inputs give distinct outputs. */
    long permute(long value) {
        int left = (int) (value >>> 32);
        int right = (int) value;
        for (long key : keys) {
            int mixed = left ^ round(right, key);
            left = right;
            right = mixed;
        }
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private static int round(int half, long key) {
        long x = (half & 0xFFFF_FFFFL) ^ key;
        x = (x ^ (x >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return (int) (x ^ (x >>> 33));
    }
}
