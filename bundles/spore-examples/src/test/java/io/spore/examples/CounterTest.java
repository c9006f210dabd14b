package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;

class CounterTest {
    private final FakeContext fake = new FakeContext();
    private final Counter counter = new Counter();

    @Test
    void startsAtZeroOrAtTheFirstArgument() {
        counter.init(fake.context);
        assertEquals(0L, counter.handleCall(fake.context, null, "get"));

        Counter fromNumber = new Counter();
        fromNumber.init(fake.context, 41);
        assertEquals(42L, fromNumber.handleCall(fake.context, null, "inc"));

        Counter fromString = new Counter();
        fromString.init(fake.context, "10");
        assertEquals(10L, fromString.handleCall(fake.context, null, "get"));
    }

    @Test
    void nonNumericInitialCountFailsTheSpawn() {
        SporeException e = assertThrows(SporeException.class, () -> counter.init(fake.context, "ten"));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("'ten'"), e.getMessage());
    }

    @Test
    void messagesChangeTheCount() {
        counter.init(fake.context);
        counter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "inc");
        counter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "increment");
        counter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, 5L);
        counter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "3");
        assertEquals(10L, counter.handleCall(fake.context, null, "get"));
        counter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "reset");
        assertEquals(0L, counter.handleCall(fake.context, null, "get"));
    }

    @Test
    void unknownMessageIsLoggedAndIgnored() {
        counter.init(fake.context, 3);
        counter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "bogus");
        assertEquals(3L, counter.handleCall(fake.context, null, "get"));
        assertTrue(fake.logLines.get(0).startsWith("WARNING counter: ignored message 'bogus'"));
    }

    @Test
    void unknownCallGetsAnErrorReplyAndTheCounterCarriesOn() {
        counter.init(fake.context, 3);
        Object reply = counter.handleCall(fake.context, null, "bogus");
        assertEquals("error: unknown request 'bogus': use get, inc or reset", reply);
        assertEquals(3L, counter.handleCall(fake.context, null, "get"));
    }
}
