package io.spore.transport;

import io.spore.api.SporeException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest {
    @Test
    void everyTextualFormMakesItsStrategy() {
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse("backoff").get());
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse("backoff:10:50:1:500").get());
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.parse("sleep").get());
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.parse(" Sleep:5 ").get());
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.parse("yield").get());
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.parse("SPIN").get());
        assertInstanceOf(NoOpIdleStrategy.class, IdleStrategies.parse("noop").get());
    }

    @Test
    void eachThreadGetsItsOwnInstance() {
        Supplier<IdleStrategy> backoff = IdleStrategies.backoff();
        assertNotSame(backoff.get(), backoff.get(), "a backoff strategy keeps per-thread state");
    }

    @Test
    void aBackoffSaysWhenItMayParkAndOthersMayAtOnce() {
        assertEquals(IdleStrategies.BACKOFF_MAX_SPINS + IdleStrategies.BACKOFF_MAX_YIELDS,
            IdleStrategies.idleCyclesBeforePark(IdleStrategies.backoff()));
        assertEquals(60, IdleStrategies.idleCyclesBeforePark(IdleStrategies.parse("backoff:10:50:1:500")));
        assertEquals(0, IdleStrategies.idleCyclesBeforePark(IdleStrategies.parse("yield")));
        assertEquals(0, IdleStrategies.idleCyclesBeforePark(BackoffIdleStrategy::new));
    }

    @Test
    void anUnknownFormListsTheAcceptedOnes() {
        for (String bad : new String[] {"fast", "sleep:", "sleep:0", "sleep:x", "", null,
            "backoff:1:2:3", "backoff:1:2:0:5", "backoff:1:2:9:5", "backoff:-1:2:3:5", "backoff:a:b:c:d"}) {
            SporeException e = assertThrows(SporeException.class, () -> IdleStrategies.parse(bad));
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().contains("backoff") || e.getMessage().contains("1 ms"), e.getMessage());
        }
    }
}
