package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessEvent;
import io.spore.api.SpawnAccessEvent.Kind;
import io.spore.api.SporeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access-list state machine of remote spawn, exactly as the Network Javadoc states it, alone and under races. */
class SpawnAccessTableTest {
    private static final Name ECHO = Name.of("echo");
    private static final NodeName A = NodeName.parse("a@localhost");
    private static final NodeName B = NodeName.parse("b@localhost");
    private static final NodeName C = NodeName.parse("c@localhost");
    private static final ProcessFactory FACTORY = () -> new ProcessBehavior() {
        @Override
        public void handleMessage(ProcessContext ctx, io.spore.api.Pid from, Object message) {
        }
    };

    private final Map<Name, FactoryEntry> bundles = new HashMap<>();
    private final List<SpawnAccessEvent> events = new CopyOnWriteArrayList<>();
    private SpawnAccessTable table;

    @BeforeEach
    void newTable() {
        table = new SpawnAccessTable(bundles::get);
        table.addListener(events::add);
    }

    private SpawnAccess state(Name name) {
        return table.access(name).orElseThrow();
    }

    private void assertOpen(Name name) {
        SpawnAccess s = state(name);
        assertTrue(s.enabled() && s.openToAll() && s.allowedNodes().isEmpty(), s.toString());
    }

    private void assertListed(Name name, NodeName... nodes) {
        SpawnAccess s = state(name);
        assertTrue(s.enabled() && !s.openToAll(), s.toString());
        assertEquals(Set.of(nodes), s.allowedNodes());
    }

    private void assertDisabled(Name name) {
        SpawnAccess s = state(name);
        assertFalse(s.enabled(), s.toString());
        assertFalse(s.openToAll(), s.toString());
    }

    @Test
    void enablingWithAFactoryAndNoNodesOpensToAll() {
        table.enable(ECHO, FACTORY);
        assertOpen(ECHO);
        assertEquals("api", state(ECHO).provider());
        assertEquals(Kind.ENABLED, events.get(0).kind());
        assertSame(FACTORY, table.admit(ECHO, A).factory().factory());
    }

    @Test
    void everyTransitionOfTheStateMachine() {
        table.enable(ECHO, FACTORY, A);                 // DISABLED (new) -> LISTED(a)
        assertListed(ECHO, A);
        table.enable(ECHO, B);                          // LISTED(a) -> LISTED(a, b)
        assertListed(ECHO, A, B);
        table.disable(ECHO, A);                         // LISTED(a, b) -> LISTED(b)
        assertListed(ECHO, B);
        table.disable(ECHO, B);                         // LISTED(b) -> OPEN, loudly
        assertOpen(ECHO);
        table.disable(ECHO, C);                         // OPEN unchanged by removing nodes
        assertOpen(ECHO);
        table.enable(ECHO, C);                          // OPEN -> LISTED(c)
        assertListed(ECHO, C);
        table.enable(ECHO);                             // LISTED -> OPEN
        assertOpen(ECHO);
        table.disable(ECHO);                            // OPEN -> DISABLED
        assertDisabled(ECHO);
        table.disable(ECHO, A);                         // DISABLED unchanged by removing nodes
        assertDisabled(ECHO);
        table.enable(ECHO, A, B);                       // DISABLED -> LISTED(a, b), not a union with anything
        assertListed(ECHO, A, B);
        table.disable(ECHO);                            // LISTED -> DISABLED
        table.enable(ECHO);                             // DISABLED -> OPEN
        assertOpen(ECHO);
        assertEquals(List.of(Kind.NODES_ADDED, Kind.NODES_ADDED, Kind.NODES_REMOVED, Kind.OPENED_TO_ALL,
            Kind.NODES_ADDED, Kind.ENABLED, Kind.DISABLED, Kind.NODES_ADDED, Kind.DISABLED, Kind.ENABLED),
            events.stream().map(SpawnAccessEvent::kind).toList());
        SpawnAccessEvent opened = events.get(3);
        assertEquals(Set.of(B), opened.nodes());
        assertTrue(opened.after().openToAll());
    }

    @Test
    void onlyListedNodesAreAdmittedAndDenialsAreCountedAndHeard() {
        table.enable(ECHO, FACTORY, A);
        assertNotNull(table.admit(ECHO, A));
        SporeException denied = assertThrows(SporeException.class, () -> table.admit(ECHO, B));
        assertEquals(SporeException.Reason.NOT_ALLOWED, denied.reason());
        assertTrue(denied.getMessage().contains("b@localhost") && denied.getMessage().contains("echo"),
            denied.getMessage());
        assertEquals(1, state(ECHO).denied());
        SpawnAccessEvent event = events.get(events.size() - 1);
        assertEquals(Kind.DENIED, event.kind());
        assertEquals(B, event.requester());
    }

    @Test
    void aDisabledOrAbsentNameIsUnknownToRemoteCallers() {
        table.enable(ECHO, FACTORY);
        table.disable(ECHO);
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            assertThrows(SporeException.class, () -> table.admit(ECHO, A)).reason());
        SporeException unknown = assertThrows(SporeException.class, () -> table.admit(Name.of("nope"), A));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, unknown.reason());
        assertTrue(unknown.getMessage().contains("echo"), "names the known ones: " + unknown.getMessage());
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            assertThrows(SporeException.class, () -> table.enable(Name.of("nope"), A)).reason());
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            assertThrows(SporeException.class, () -> table.disable(Name.of("nope"))).reason());
    }

    @Test
    void aNameEnabledWithAnotherFactoryIsTaken() {
        table.enable(ECHO, FACTORY);
        ProcessFactory other = () -> null;
        assertEquals(SporeException.Reason.NAME_TAKEN,
            assertThrows(SporeException.class, () -> table.enable(ECHO, other)).reason());
        table.enable(ECHO, FACTORY, A); // the same object only changes the rule
        assertListed(ECHO, A);
    }

    @Test
    void aBundleFactoryStartsOpenOrListedAndKeepsItsStateWhenItComesBack() {
        Name counter = Name.of("counter");
        FactoryEntry first = new FactoryEntry(counter, FACTORY, 0, 1, "b 1.0", "bundle.b", Set.of(A));
        table.offered(counter, first.accessProvider(), first.spawnNodes());
        bundles.put(counter, first);
        assertListed(counter, A);
        assertEquals("bundle.b", state(counter).provider());
        table.enable(counter, B);
        table.disable(counter, A);
        assertListed(counter, B);

        bundles.remove(counter);                 // the bundle stops: the name goes away
        assertTrue(table.access(counter).isEmpty());
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            assertThrows(SporeException.class, () -> table.admit(counter, B)).reason());

        table.offered(counter, "bundle.b", Set.of()); // redeployed, even without nodes: no silent reset
        bundles.put(counter, new FactoryEntry(counter, FACTORY, 0, 2, "b 1.0", "bundle.b", Set.of()));
        assertListed(counter, B);

        Name open = Name.of("open");
        table.offered(open, "bundle.c", Set.of());
        bundles.put(open, new FactoryEntry(open, FACTORY, 0, 3, "c", "bundle.c", Set.of()));
        assertOpen(open);
        Name broken = Name.of("broken");
        table.offered(broken, "bundle.d", null);
        bundles.put(broken, new FactoryEntry(broken, FACTORY, 0, 4, "d", "bundle.d", null));
        assertDisabled(broken);
        assertEquals(List.of(broken, counter, open), table.access().stream().map(SpawnAccess::name).toList());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheChange() {
        table.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        table.enable(ECHO, FACTORY, A);
        assertListed(ECHO, A);
        table.removeListener(events::add); // a different lambda object: nothing removed, nothing thrown
    }

    /**
     * Writers add and remove disjoint node sets while readers admit requests: every snapshot a reader sees is one of
     * the three states (never listed with an empty list), and the final state is exactly what the writes imply.
     */
    @Test
    void concurrentChangesAndRequestsSeeOnlyWholeStates() throws Exception {
        table.enable(ECHO, FACTORY, A);
        int writers = 4;
        int rounds = 400;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong admitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<String> broken = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    while (running.get()) {
                        SpawnAccess s = state(ECHO);
                        if (s.enabled() && !s.openToAll() && s.allowedNodes().isEmpty()
                            || s.openToAll() && !s.allowedNodes().isEmpty()) {
                            broken.add(s.toString());
                        }
                        try {
                            table.admit(ECHO, A);
                            admitted.incrementAndGet();
                        } catch (SporeException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> changes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                NodeName mine = NodeName.parse("w" + w + "@localhost");
                changes.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        table.enable(ECHO, mine);
                        table.disable(ECHO, mine);
                    }
                    table.enable(ECHO, mine); // each writer leaves its node on the list
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> change : changes) {
                change.get(30, TimeUnit.SECONDS);
            }
            running.set(false);
            for (Future<?> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), broken);
        assertTrue(admitted.get() + refused.get() > 0);
        SpawnAccess end = state(ECHO);
        assertTrue(end.enabled() && !end.openToAll(), end.toString());
        // a was on the list at the start; whether it survives depends on whether a writer emptied the list in
        // between (then the name was open, and later writers listed only themselves). The writers' nodes all stay.
        for (int w = 0; w < writers; w++) {
            assertTrue(end.allowedNodes().contains(NodeName.parse("w" + w + "@localhost")), end.toString());
        }
        assertEquals(refused.get(), end.denied());
        long openings = events.stream().filter(e -> e.kind() == Kind.OPENED_TO_ALL).count();
        long deniedEvents = events.stream().filter(e -> e.kind() == Kind.DENIED).count();
        assertEquals(refused.get(), deniedEvents);
        assertTrue(openings >= 0);
    }

    /** Events arrive in the order the changes were made, so a listener replaying them reaches the final state. */
    @Test
    void replayingTheEventsOfConcurrentWritersGivesTheFinalState() throws Exception {
        table.enable(ECHO, FACTORY);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                NodeName mine = NodeName.parse("r" + w + "@localhost");
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        table.enable(ECHO, mine);
                        table.disable(ECHO, mine);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        SpawnAccessEvent last = events.get(events.size() - 1);
        assertEquals(state(ECHO).allowedNodes(), last.after().allowedNodes());
        assertEquals(state(ECHO).openToAll(), last.after().openToAll());
        assertOpen(ECHO); // every writer removed what it added
    }
}
