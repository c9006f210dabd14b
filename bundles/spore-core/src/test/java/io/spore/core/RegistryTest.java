package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest extends NodeFixture {

    private Pid idle() {
        return node.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
    }

    @Test
    void registerWhereisUnregister() {
        Pid pid = idle();
        node.register(Name.of("keeper"), pid);
        assertEquals(pid, node.whereis(Name.of("keeper")).orElseThrow());
        assertTrue(node.registeredNames().contains(Name.of("keeper")));
        assertTrue(node.unregister(Name.of("keeper")));
        assertTrue(node.whereis(Name.of("keeper")).isEmpty());
        assertFalse(node.unregister(Name.of("keeper")));
    }

    @Test
    void aTakenNameIsAnErrorThatNamesTheHolder() {
        Pid first = idle();
        node.register(Name.of("only"), first);
        SporeException e = assertThrows(SporeException.class, () -> node.register(Name.of("only"), idle()));
        assertEquals(SporeException.Reason.NAME_TAKEN, e.reason());
        assertTrue(e.getMessage().contains("only") && e.getMessage().contains(first.toString()), e.getMessage());
    }

    @Test
    void spawnRegisterWithATakenNameFailsAndLeavesNoProcess() {
        node.registerFactory("idle", () -> (ctx, from, message) -> { });
        node.spawnRegister(Name.of("dup"), Name.of("idle"), ProcessOptions.DEFAULTS);
        long before = node.stats().processes();
        SporeException e = assertThrows(SporeException.class,
            () -> node.spawnRegister(Name.of("dup"), Name.of("idle"), ProcessOptions.DEFAULTS));
        assertEquals(SporeException.Reason.NAME_TAKEN, e.reason());
        assertEquals(before, node.stats().processes());
    }

    @Test
    void aNameIsReleasedWhenItsProcessEnds() {
        Pid pid = idle();
        node.register(Name.of("mortal"), pid);
        node.kill(pid);
        Await.until("name released", () -> node.whereis(Name.of("mortal")).isEmpty());
        node.register(Name.of("mortal"), idle());
    }

    @Test
    void registeringADeadProcessIsNoProcess() {
        Pid pid = idle();
        node.kill(pid);
        Await.until("dead", () -> !node.isAlive(pid));
        SporeException e = assertThrows(SporeException.class, () -> node.register(Name.of("ghost"), pid));
        assertEquals(SporeException.Reason.NO_PROCESS, e.reason());
    }

    @Test
    void concurrentRegistrationsOfOneNameHaveExactlyOneWinner() throws Exception {
        int rounds = 200;
        int contenders = 4;
        for (int round = 0; round < rounds; round++) {
            Name name = Name.of("race-" + round);
            List<Pid> pids = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                pids.add(idle());
            }
            AtomicInteger wins = new AtomicInteger();
            ConcurrentLinkedQueue<SporeException.Reason> losses = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (Pid pid : pids) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        node.register(name, pid);
                        wins.incrementAndGet();
                    } catch (SporeException e) {
                        losses.add(e.reason());
                    } catch (InterruptedException ignored) {
                        // test ends
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(5_000);
            }
            assertEquals(1, wins.get(), "round " + round);
            assertEquals(contenders - 1, losses.size());
            assertTrue(losses.stream().allMatch(r -> r == SporeException.Reason.NAME_TAKEN));
            assertTrue(pids.contains(node.whereis(name).orElseThrow()));
        }
    }

    @Test
    void registerRacingWithDeathNeverLeavesAStaleName() throws Exception {
        for (int round = 0; round < 300; round++) {
            Name name = Name.of("short-lived-" + round);
            Pid pid = idle();
            Thread killer = new Thread(() -> node.kill(pid));
            killer.start();
            try {
                node.register(name, pid);
            } catch (SporeException e) {
                assertEquals(SporeException.Reason.NO_PROCESS, e.reason());
            }
            killer.join(5_000);
            Await.until("dead", () -> !node.isAlive(pid));
            assertTrue(node.whereis(name).isEmpty(), "a name outlived its process in round " + round);
        }
    }

    @Test
    void malformedNamesAreTypedErrors() {
        for (String bad : new String[] {"", " x", "a b", "-lead", "x".repeat(256), "é"}) {
            SporeException e = assertThrows(SporeException.class, () -> Name.of(bad), bad);
            assertEquals(SporeException.Reason.INVALID_NAME, e.reason());
        }
        assertEquals(SporeException.Reason.INVALID_NAME,
            assertThrows(SporeException.class, () -> io.spore.api.NodeName.parse("no-at-sign")).reason());
        assertEquals(SporeException.Reason.INVALID_NAME,
            assertThrows(SporeException.class, () -> Pid.parse("<broken>")).reason());
        Pid pid = idle();
        assertEquals(pid, Pid.parse(pid.toString()));
    }
}
