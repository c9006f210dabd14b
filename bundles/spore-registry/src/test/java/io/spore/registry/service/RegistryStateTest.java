package io.spore.registry.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.Status;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

class RegistryStateTest {
    static final NodeName A = NodeName.parse("a@host");
    static final NodeName B = NodeName.parse("b@host");

    final RecordingOutbox outbox = new RecordingOutbox();
    final RegistryState state = new RegistryState(outbox, 4);

    static RegistryNode node(NodeName name, int creation) {
        return new RegistryNode(name, creation, List.of("127.0.0.1:4000"), List.of("echo"));
    }

    @Test
    void theFirstRegistrationWinsAndTheLoserLearnsTheHolder() {
        state.join(1, 1, node(A, 1));
        state.join(2, 1, node(B, 1));
        Pid a = new Pid(A, 5, 1);
        Pid b = new Pid(B, 7, 1);

        state.process(1, 2, ProcessOp.REGISTER_NAME, "billing", a);
        assertEquals(Status.OK, outbox.last().status());
        state.process(2, 2, ProcessOp.REGISTER_NAME, "billing", b);
        assertEquals(Status.NAME_TAKEN, outbox.last().status());
        assertEquals(a, outbox.last().holder());
        assertEquals(a, state.names().get("billing"));
    }

    @Test
    void everyOperationMayBeRepeatedWithTheSameEffect() {
        state.join(1, 1, node(A, 1));
        Pid a = new Pid(A, 5, 1);
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", a);
        long version = state.version();
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", a);
        state.process(1, 3, ProcessOp.JOIN_GROUP, "g", a);
        state.process(1, 3, ProcessOp.JOIN_GROUP, "g", a);
        assertEquals(version + 1, state.version(), "a repeat changes nothing and sends no event");
        state.process(1, 4, ProcessOp.UNREGISTER_NAME, "n", a);
        state.process(1, 4, ProcessOp.UNREGISTER_NAME, "n", a);
        state.process(1, 5, ProcessOp.LEAVE_GROUP, "g", a);
        state.process(1, 5, ProcessOp.LEAVE_GROUP, "g", a);
        assertTrue(outbox.responses.stream().allMatch(r -> r.status() == Status.OK));
        assertTrue(state.names().isEmpty());
        assertTrue(state.groups().isEmpty());
    }

    @Test
    void aNodeRegistersOnlyItsOwnProcessesAndOnlyOnceJoined() {
        state.process(1, 1, ProcessOp.REGISTER_NAME, "n", new Pid(A, 5, 1));
        assertEquals(Status.NOT_JOINED, outbox.last().status());
        state.join(1, 2, node(A, 1));
        state.process(1, 3, ProcessOp.REGISTER_NAME, "n", new Pid(B, 5, 1));
        assertEquals(Status.FOREIGN_PROCESS, outbox.last().status());
        state.process(1, 4, ProcessOp.REGISTER_NAME, "n", new Pid(A, 5, 2));
        assertEquals(Status.FOREIGN_PROCESS, outbox.last().status(), "another incarnation of the node");
        state.process(1, 5, ProcessOp.REGISTER_NAME, "", new Pid(A, 5, 1));
        assertEquals(Status.INVALID, outbox.last().status());
        assertTrue(state.names().isEmpty());
    }

    @Test
    void onlyTheHolderReleasesAName() {
        state.join(1, 1, node(A, 1));
        Pid holder = new Pid(A, 5, 1);
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", holder);
        state.process(1, 3, ProcessOp.UNREGISTER_NAME, "n", new Pid(A, 6, 1));
        assertEquals(Status.NOT_HOLDER, outbox.last().status());
        assertEquals(holder, outbox.last().holder());
        assertEquals(holder, state.names().get("n"));
    }

    @Test
    void aClosedSessionTakesItsNodesNamesAndGroupsWithIt() {
        state.join(1, 1, node(A, 1));
        state.join(2, 1, node(B, 1));
        Pid a = new Pid(A, 5, 1);
        Pid b = new Pid(B, 5, 1);
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", a);
        state.process(1, 3, ProcessOp.JOIN_GROUP, "g", a);
        state.process(2, 2, ProcessOp.JOIN_GROUP, "g", b);
        outbox.events.clear();

        state.sessionClosed(1);

        assertNull(state.names().get("n"));
        assertEquals(Set.of(b), state.groups().get("g"));
        assertEquals(Set.of(2L), state.nodesBySession().keySet());
        assertEquals(List.of("-1 6 UNREGISTER_NAME n " + a, "-1 7 LEAVE_GROUP g " + a, "-1 8 left a@host"),
            outbox.events);
    }

    @Test
    void anEndedProcessLosesItsNamesAndGroups() {
        state.join(1, 1, node(A, 1));
        Pid a = new Pid(A, 5, 1);
        Pid other = new Pid(A, 6, 1);
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", a);
        state.process(1, 3, ProcessOp.JOIN_GROUP, "g", a);
        state.process(1, 4, ProcessOp.JOIN_GROUP, "g", other);
        state.process(1, 5, ProcessOp.PROCESS_ENDED, "", a);
        assertTrue(state.names().isEmpty());
        assertEquals(Set.of(other), state.groups().get("g"));
    }

    @Test
    void theNodeNameJoiningThroughAnotherSessionReplacesTheOldSession() {
        state.join(1, 1, node(A, 1));
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", new Pid(A, 5, 1));
        state.join(2, 1, node(A, 2));
        assertEquals(List.of(1L), outbox.closed);
        assertTrue(outbox.responses.stream().anyMatch(r -> r.sessionId() == 1 && r.status() == Status.REPLACED),
            "the old session is told why it is closed, so it does not join again");
        assertTrue(state.names().isEmpty(), "the old incarnation's names went with it");
        assertEquals(2, state.nodesBySession().get(2L).creation());
        assertFalse(state.nodesBySession().containsKey(1L));
    }

    @Test
    void aNodeHoldsAtMostItsLimit() {
        state.join(1, 1, node(A, 1));
        Pid a = new Pid(A, 5, 1);
        for (int i = 0; i < 4; i++) {
            state.process(1, i, ProcessOp.REGISTER_NAME, "n" + i, a);
            assertEquals(Status.OK, outbox.last().status());
        }
        state.process(1, 9, ProcessOp.JOIN_GROUP, "g", a);
        assertEquals(Status.LIMIT, outbox.last().status());
        state.process(1, 10, ProcessOp.UNREGISTER_NAME, "n0", a);
        state.process(1, 11, ProcessOp.JOIN_GROUP, "g", a);
        assertEquals(Status.OK, outbox.last().status(), "a released entry makes room");
    }

    @Test
    void aJoiningSessionGetsTheWholeViewAtTheCurrentVersion() {
        state.join(1, 1, node(A, 1));
        state.process(1, 2, ProcessOp.REGISTER_NAME, "n", new Pid(A, 5, 1));
        outbox.events.clear();
        state.join(2, 1, node(B, 1));
        assertEquals(List.of("-1 3 joined b@host", "2 3 view", "2 3 joined a@host", "2 3 joined b@host",
            "2 3 REGISTER_NAME n <a@host.5.1>", "2 3 end 3"), outbox.events);
    }
}
