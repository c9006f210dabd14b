package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactoryRegistryTest extends NodeFixture {

    private static ProcessFactory tagged(String tag) {
        return () -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, io.spore.api.Caller caller, Object request) {
                return tag;
            }
        };
    }

    @Test
    void higherRankingWinsThenLowerServiceIdRegardlessOfArrivalOrder() {
        FactoryRegistry registry = node.factoryRegistry();
        Name name = Name.of("svc");
        FactoryEntry low = registry.add(name, tagged("low"), 0, 10, "a");
        FactoryEntry high = registry.add(name, tagged("high"), 5, 20, "b");
        FactoryEntry tie = registry.add(name, tagged("tie-later"), 5, 30, "c");
        assertEquals(high, registry.lookup(name));
        Pid pid = node.spawn(name, ProcessOptions.DEFAULTS);
        assertEquals("high", node.call(pid, "who", java.time.Duration.ofSeconds(5)));
        registry.remove(high);
        assertEquals(tie, registry.lookup(name));
        registry.remove(tie);
        assertEquals(low, registry.lookup(name));
        registry.remove(low);
        assertFalse(node.factories().contains(name));
    }

    @Test
    void withdrawingAFactoryEndsExactlyItsProcessesWithAReasonThatSaysSo() {
        BlockingQueue<ExitReason> reasons = new LinkedBlockingQueue<>();
        ProcessFactory recording = () -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public void terminate(ProcessContext ctx, ExitReason reason) {
                reasons.add(reason);
            }
        };
        FactoryEntry doomed = node.registerFactory("doomed", recording);
        node.registerFactory("kept", tagged("kept"));
        List<Pid> victims = List.of(node.spawn("doomed"), node.spawn("doomed"), node.spawn("doomed"));
        Pid survivor = node.spawn("kept");

        node.factoryRegistry().remove(doomed); // returns once they have ended
        for (Pid victim : victims) {
            assertFalse(node.isAlive(victim));
        }
        assertTrue(node.isAlive(survivor));
        assertEquals(3, reasons.size());
        ExitReason reason = reasons.peek();
        assertEquals(ExitReason.Kind.FACTORY_WITHDRAWN, reason.kind());
        assertTrue(reason.description().contains("doomed"));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            assertThrows(SporeException.class, () -> node.spawn("doomed")).reason());
    }

    @Test
    void spawnsRacingAWithdrawalLeaveNoProcessOfTheWithdrawnFactory() throws Exception {
        for (int round = 0; round < 50; round++) {
            FactoryEntry entry = node.registerFactory("racy", tagged("racy"));
            Thread spawner = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        node.spawn("racy");
                    } catch (SporeException e) {
                        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, e.reason());
                    }
                }
            });
            spawner.start();
            node.factoryRegistry().remove(entry);
            spawner.join(10_000);
            Await.until("no process of the withdrawn factory", () -> node.processes().stream()
                .noneMatch(info -> Name.of("racy").equals(info.factory())));
        }
    }
}
