package io.spore.transport.seal;

/**
 * Which recent sequence numbers were opened: a sliding window of {@value #SIZE} behind the highest one, kept as a
 * ring of 64-bit words as in RFC 6479 (IPsec anti-replay without bit shifting), as WireGuard and DTLS do.
 *
 * <p>A sequence is fresh if it is above the highest opened, or within the window and not opened yet; it is too
 * old if it is {@value #SIZE} or more below the highest. {@link #mark} is called only once a message proved
 * authentic, so forged sequences never move the window.
 *
 * <p>Why a ring of words: moving the window forward clears the words it skips (at most the whole ring), instead of
 * shifting a bitmap; a check and a mark touch one word. The ring has one more word's worth of room than the window
 * needs (a power of two, {@value #WORDS} words), so the word of the oldest sequence in the window is never the
 * word of the newest.
 *
 * <p>Not thread-safe: owned by one opener. Allocates nothing after construction.
 */
final class ReplayWindow {
    /** How far below the highest opened sequence a message may still be opened. */
    static final int SIZE = 2048;
    private static final int WORDS = 64;
    private static final int WORD_MASK = WORDS - 1;

    private final long[] words = new long[WORDS];
    private long highest = -1;

    /** @return the highest sequence marked, or -1 before the first */
    long highest() {
        return highest;
    }

    /** @return whether {@code sequence} is too far behind the highest to be told apart from a replay */
    boolean tooOld(long sequence) {
        return sequence < 0 || (sequence <= highest && highest - sequence >= SIZE);
    }

    /** @return whether {@code sequence}, not {@link #tooOld}, was marked */
    boolean seen(long sequence) {
        return sequence <= highest && (words[word(sequence)] & bit(sequence)) != 0;
    }

    /** Records {@code sequence} (fresh, authentic) as opened, moving the window forward if it is the highest. */
    void mark(long sequence) {
        if (sequence > highest) {
            long from = highest >> 6; // -1 before the first: word 0 is cleared too
            long to = sequence >> 6;
            long clear = Math.min(to - from, WORDS);
            for (long i = 1; i <= clear; i++) {
                words[(int) (from + i) & WORD_MASK] = 0;
            }
            highest = sequence;
        }
        words[word(sequence)] |= bit(sequence);
    }

    private static int word(long sequence) {
        return (int) (sequence >>> 6) & WORD_MASK;
    }

    private static long bit(long sequence) {
        return 1L << (sequence & 63);
    }
}
