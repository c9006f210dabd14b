package io.spore.transport;

import io.aeron.driver.ThreadingMode;
import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes whose embedded media driver runs in Aeron's INVOKER mode ({@link InvokedDriver}): no driver thread; the
 * transport's agent and the threads that wait for an answer run the driver. Real Aeron UDP between real transports:
 * calls, remote spawns, a stream of messages and a large message go through, a node in this mode talks to one in the
 * default mode, and a caller interrupted again and again, while it may be running the driver, leaves the driver
 * working for everyone after it.
 */
@Timeout(90)
class InvokedDriverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Name COUNTER = Name.of("counter");

    @TempDir
    Path dir;
    private TestCluster cluster;

    @BeforeEach
    void makeCluster() {
        cluster = new TestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private Member invoked(String name) {
        return cluster.start(cluster.context(name).threadingMode(ThreadingMode.INVOKER).maxMessageSize(1024 * 1024));
    }

    /** Counts messages; a call answers how many it had handled, or echoes a byte array. */
    private static final class Counter implements ProcessBehavior {
        private int messages;

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            messages++;
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return request instanceof byte[] bytes ? bytes : messages;
        }
    }

    @Test
    void twoNodesThatRunTheirDriversCallSpawnStreamAndCarryALargeMessage() {
        Member a = invoked("a");
        Member b = invoked("b");
        b.node().registerFactory(COUNTER.toString(), Counter::new);
        assertNoDriverThread(a, b);

        Pid counter = a.node().network().getNode(b.name()).spawn(COUNTER, ProcessOptions.DEFAULTS);
        assertEquals(b.name(), counter.node());
        assertEquals(0, a.node().call(counter, "count", TIMEOUT));
        for (int i = 0; i < 20_000; i++) {
            a.node().send(counter, i);
        }
        assertEquals(20_000, a.node().call(counter, "count", TIMEOUT), "a call after a stream sees all of it");

        byte[] large = new byte[512 * 1024]; // above the large-message threshold: the third stream
        Arrays.fill(large, (byte) 7);
        assertArrayEquals(large, (byte[]) a.node().call(counter, large, TIMEOUT));
        for (int i = 0; i < 200; i++) {
            assertEquals(20_000, a.node().call(counter, "count", TIMEOUT));
        }
    }

    @Test
    void aNodeThatRunsItsDriverTalksToOneWithADriverThread() {
        Member a = invoked("a");
        Member b = cluster.start(cluster.context("b"));
        Pid onB = b.node().spawn(Counter::new, ProcessOptions.DEFAULTS);
        Pid onA = a.node().spawn(Counter::new, ProcessOptions.DEFAULTS);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, a.node().call(onB, "count", TIMEOUT));
            assertEquals(0, b.node().call(onA, "count", TIMEOUT));
        }
    }

    /**
     * A caller runs the driver while it waits, and a file channel that an interrupt closes would break the driver for
     * every thread after it: an interrupted thread only polls. The caller is interrupted at random moments of its
     * calls; afterwards calls from another thread still go through both ways.
     */
    @Test
    void aCallerInterruptedWhileItMayRunTheDriverLeavesTheDriverWorking() throws Exception {
        Member a = invoked("a");
        Member b = invoked("b");
        Pid onB = b.node().spawn(Counter::new, ProcessOptions.DEFAULTS);
        Pid onA = a.node().spawn(Counter::new, ProcessOptions.DEFAULTS);
        assertEquals(0, a.node().call(onB, "count", TIMEOUT));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger completed = new AtomicInteger();
        Thread caller = new Thread(() -> {
            for (int i = 0; i < 20_000 && !stop.get(); i++) {
                try {
                    a.node().call(onB, "count", TIMEOUT);
                    completed.incrementAndGet();
                } catch (SporeException interrupted) {
                    // a call cut short by the interrupt: what the owner of the thread asked for
                }
                Thread.interrupted();
            }
        }, "interrupted-caller");
        caller.start();
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int interrupts = 0;
        while (caller.isAlive() && System.nanoTime() - deadlineNs < 0 && interrupts < 5_000) {
            caller.interrupt();
            interrupts++;
            Thread.sleep(0, 200_000);
        }
        stop.set(true);
        caller.join(TIMEOUT.toMillis());
        assertTrue(interrupts > 100, "interrupted " + interrupts + " times");
        assertTrue(completed.get() > 0, "no call completed while being interrupted");

        for (int i = 0; i < 100; i++) {
            assertEquals(0, a.node().call(onB, "count", TIMEOUT));
            assertEquals(0, b.node().call(onA, "count", TIMEOUT));
        }
        assertEquals(0, a.transport().counters().errors(), a.transport().counters().toString());
        assertEquals(0, b.transport().counters().errors(), b.transport().counters().toString());
    }

    /** An embedded driver's thread is named after its directory: in INVOKER mode no thread has such a name. */
    private static void assertNoDriverThread(Member... members) {
        List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
        for (Member member : members) {
            TransportContext context = member.transport().context();
            String driverDir = context.embeddedDirParent().resolve(StaleDriverDirs.PREFIX
                + context.nodeName().name() + "-").toString();
            assertTrue(names.stream().noneMatch(name -> name.contains(driverDir)), driverDir + " has a thread: "
                + names);
        }
    }
}
