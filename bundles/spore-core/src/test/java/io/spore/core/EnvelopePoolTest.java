package io.spore.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's own rules: it hands out what it was given back, and holds no more than its capacity. */
class EnvelopePoolTest {
    @Test
    void anEnvelopeGivenBackIsTakenAgainFilledAfresh() {
        EnvelopePool pool = new EnvelopePool();
        Envelope first = pool.take(Envelope.MESSAGE, null, "one");
        Envelope second = pool.take(Envelope.MESSAGE, null, "two");
        assertTrue(first.pooled && second.pooled);
        first.message = null;
        second.message = null;
        first.next = second;
        pool.giveBack(first, second, 2);

        Envelope again = pool.take(Envelope.CALL, null, "three");
        assertSame(first, again);
        assertEquals(Envelope.CALL, again.kind);
        assertSame("three", again.message);
        assertNull(again.next, "a taken envelope is unlinked");
        assertSame(second, pool.take(Envelope.MESSAGE, null, "four"));
        assertNotSame(first, pool.take(Envelope.MESSAGE, null, "five"), "the pool was empty: a new one");
    }

    @Test
    void aChainThatWouldOverfillTheStackIsDropped() {
        EnvelopePool pool = new EnvelopePool();
        Envelope big = pool.take(Envelope.MESSAGE, null, null);
        pool.giveBack(big, big, EnvelopePool.CAPACITY);
        Envelope extra = new Envelope.Pooled(Envelope.MESSAGE, null, null);
        pool.giveBack(extra, extra, 1); // over capacity: left to the garbage collector
        assertSame(big, pool.take(Envelope.MESSAGE, null, null));
        assertNotSame(extra, pool.take(Envelope.MESSAGE, null, null));
    }
}
