package io.spore.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

class ReplicaTest {
    static final NodeName A = NodeName.parse("a@host");
    final Replica replica = new Replica(new RegistryListener() {
    });
    final Pid pid = new Pid(A, 1, 1);

    void view(long version, String... names) {
        replica.onViewBegin(version, 0);
        replica.onNodeJoined(version, new RegistryNode(A, 1, List.of(), List.of()));
        for (String name : names) {
            replica.onProcessEvent(version, ProcessOp.REGISTER_NAME, name, pid);
        }
        replica.onViewEnd(version, 1 + names.length);
    }

    @Test
    void eventsBeforeTheFirstViewAreIgnoredAndTheViewIsTaken() {
        replica.onProcessEvent(4, ProcessOp.REGISTER_NAME, "early", pid);
        assertNull(replica.whereis("early"));
        view(5, "n");
        assertEquals(pid, replica.whereis("n"));
        assertEquals(5, replica.version());
        assertTrue(replica.firstView().isDone());
    }

    @Test
    void eventsApplyInVersionOrderAndDuplicatesAreIgnored() {
        view(5);
        replica.onProcessEvent(6, ProcessOp.JOIN_GROUP, "g", pid);
        replica.onProcessEvent(6, ProcessOp.LEAVE_GROUP, "g", pid);
        assertEquals(Set.of(pid), replica.members("g"), "a repeated version is not applied twice");
        replica.onProcessEvent(7, ProcessOp.LEAVE_GROUP, "g", pid);
        assertEquals(Set.of(), replica.members("g"));
        assertFalse(replica.syncWanted());
    }

    @Test
    void aGapAsksForTheWholeViewAndIgnoresEventsUntilItComes() {
        view(5, "n");
        replica.onProcessEvent(7, ProcessOp.REGISTER_NAME, "m", pid);
        assertTrue(replica.syncWanted());
        assertNull(replica.whereis("m"));
        replica.onProcessEvent(8, ProcessOp.UNREGISTER_NAME, "n", pid);
        assertEquals(pid, replica.whereis("n"), "no event applies while the view is wanted");
        view(8, "m");
        assertFalse(replica.syncWanted());
        assertEquals(pid, replica.whereis("m"));
        assertNull(replica.whereis("n"), "the new view replaces the old one");
    }

    @Test
    void aShortViewIsRefused() {
        view(5, "n");
        replica.onViewBegin(9, 0);
        replica.onProcessEvent(9, ProcessOp.REGISTER_NAME, "m", pid);
        replica.onViewEnd(9, 3);
        assertTrue(replica.syncWanted());
        assertEquals(5, replica.version());
        assertNull(replica.whereis("m"));
    }

    @Test
    void aNodeLeavingIsSeen() {
        view(5);
        assertTrue(replica.nodes().containsKey(A));
        replica.onNodeLeft(6, A, 1);
        assertFalse(replica.nodes().containsKey(A));
    }

    @Test
    void aViewWhoseEndNeverCameIsAbandonedAndAskedForAgain() {
        view(5, "n");
        replica.onViewBegin(9, 1_000);
        replica.abandonStaleView(1_500, 1_000);
        assertFalse(replica.syncWanted(), "not yet");
        replica.abandonStaleView(2_001, 1_000);
        assertTrue(replica.syncWanted());
        replica.onProcessEvent(6, ProcessOp.REGISTER_NAME, "m", pid);
        assertNull(replica.whereis("m"), "events wait for the new view");
    }
}
