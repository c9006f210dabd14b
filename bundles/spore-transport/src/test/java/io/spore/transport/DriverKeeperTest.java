package io.spore.transport;

import io.spore.testsupport.Await;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A driver that no transport thread runs is run by the keeper, about ten times a second, until it closes. */
class DriverKeeperTest {
    private final AtomicInteger cycles = new AtomicInteger();
    private final InvokedDriver driver = new InvokedDriver(new AgentInvoker(Throwable::printStackTrace, null,
        new Agent() {
            @Override
            public int doWork() {
                cycles.incrementAndGet();
                return 0;
            }

            @Override
            public String roleName() {
                return "counting-driver";
            }
        }), Throwable::printStackTrace);

    @Test
    void aDriverNoOneRunsIsRunUntilTheKeeperCloses() throws InterruptedException {
        DriverKeeper keeper = new DriverKeeper(driver, "k@localhost").start();
        Await.until("the keeper ran the driver three times", () -> cycles.get() >= 3);
        keeper.close();
        int afterClose = cycles.get();
        Thread.sleep(3 * DriverKeeper.CHECK_INTERVAL_MS);
        assertEquals(afterClose, cycles.get(), "a closed keeper runs nothing");
        assertFalse(Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals("spore-driver-keeper-k@localhost")), "its thread ended");
    }

    /** While a transport thread runs the driver often, the keeper leaves it alone. */
    @Test
    void aDriverRunOftenIsLeftAlone() throws InterruptedException {
        DriverKeeper keeper = new DriverKeeper(driver, "busy@localhost").start();
        try {
            long endNs = System.nanoTime() + 5 * DriverKeeper.CHECK_INTERVAL_MS * 1_000_000;
            int ours = 0;
            while (System.nanoTime() - endNs < 0) {
                ours += driver.invoke() >= 0 ? 1 : 0;
                Thread.sleep(5);
            }
            assertTrue(ours > 0);
            assertTrue(cycles.get() - ours <= 1, (cycles.get() - ours) + " cycles run by the keeper");
        } finally {
            keeper.close();
        }
    }
}
