package io.spore.transport.seal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayWindowTest {
    private static final int SIZE = ReplayWindow.SIZE;

    /** What an opener does with an authentic message: accept and mark it if fresh. */
    private static boolean accept(ReplayWindow window, long sequence) {
        if (window.tooOld(sequence) || window.seen(sequence)) {
            return false;
        }
        window.mark(sequence);
        return true;
    }

    @Test
    void theFirstSequenceIsFreshAndThenSeen() {
        ReplayWindow window = new ReplayWindow();
        assertEquals(-1, window.highest());
        assertTrue(accept(window, 0));
        assertFalse(accept(window, 0));
        assertTrue(window.seen(0));
        assertEquals(0, window.highest());
    }

    @Test
    void theLastSequenceInTheWindowIsAcceptedAndTheOneBeyondIsTooOld() {
        ReplayWindow window = new ReplayWindow();
        long highest = 10_000;
        assertTrue(accept(window, highest));
        long last = highest - SIZE + 1;
        assertFalse(window.tooOld(last));
        assertFalse(window.seen(last));
        assertTrue(accept(window, last));
        assertTrue(window.tooOld(last - 1), "just outside the window");
        assertFalse(accept(window, last), "a duplicate of the last one");
    }

    @Test
    void negativeSequencesAreTooOld() {
        ReplayWindow window = new ReplayWindow();
        assertTrue(window.tooOld(-1));
        assertTrue(window.tooOld(Long.MIN_VALUE));
    }

    @Test
    void reorderingWithinTheWindowLosesNothingAndRepeatsNothing() {
        ReplayWindow window = new ReplayWindow();
        List<Long> sequences = new ArrayList<>();
        for (long s = 0; s < 20_000; s++) {
            sequences.add(s);
        }
        Random random = new Random(42);
        // Shuffle within blocks of half the window: every sequence arrives less than a window late.
        for (int from = 0; from < sequences.size(); from += SIZE / 2) {
            Collections.shuffle(sequences.subList(from, Math.min(from + SIZE / 2, sequences.size())), random);
        }
        for (long s : sequences) {
            assertTrue(accept(window, s), "sequence " + s);
        }
        for (long s = 20_000 - SIZE; s < 20_000; s++) {
            assertFalse(accept(window, s), "replay of " + s);
        }
        assertEquals(19_999, window.highest());
    }

    @Test
    void aJumpFarAheadForgetsTheOldWindowButNotTheNewOne() {
        ReplayWindow window = new ReplayWindow();
        for (long s = 0; s < 100; s++) {
            accept(window, s);
        }
        long far = 1_000_000_007L;
        assertTrue(accept(window, far));
        assertTrue(window.tooOld(99));
        for (long s = far - SIZE + 1; s < far; s++) {
            assertFalse(window.seen(s), "stale bits from before the jump at " + s);
        }
        assertTrue(accept(window, far - 1));
        assertTrue(accept(window, far - SIZE + 1));
    }

    @Test
    void movingOneWordAtATimeClearsTheWordsItEnters() {
        ReplayWindow window = new ReplayWindow();
        // Sequence s and s + 64 * 64 share a word of the ring: the second must not look seen.
        assertTrue(accept(window, 5));
        for (long s = 64; s <= 64 * 64 + 5; s += 64) {
            assertFalse(window.seen(s), "sequence " + s);
            assertTrue(accept(window, s));
        }
        assertFalse(window.seen(64 * 64 + 6));
    }
}
