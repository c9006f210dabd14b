package io.spore.registry.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class SnapshotRoundTripTest {
    static final NodeName A = NodeName.parse("a@host");
    static final NodeName B = NodeName.parse("b@host");

    static RegistryState filled() {
        RegistryState state = new RegistryState(new RecordingOutbox(), 1000);
        state.join(11, 1, new RegistryNode(A, 3, List.of("10.0.0.1:4000", "[::1]:4000"), List.of("echo", "w")));
        state.join(12, 1, new RegistryNode(B, 4, List.of(), List.of()));
        for (int i = 0; i < 50; i++) {
            state.process(11, i, ProcessOp.REGISTER_NAME, "name-" + i, new Pid(A, i, 3));
            state.process(12, i, ProcessOp.JOIN_GROUP, "group-" + (i % 7), new Pid(B, i, 4));
        }
        state.process(11, 99, ProcessOp.JOIN_GROUP, "group-0", new Pid(A, 1, 3));
        return state;
    }

    static List<byte[]> write(RegistryState state) {
        List<byte[]> records = new ArrayList<>();
        new SnapshotWriter().write(state, (buffer, offset, length) -> {
            byte[] record = new byte[length];
            buffer.getBytes(offset, record);
            records.add(record);
        });
        return records;
    }

    static void load(RegistryState state, List<byte[]> records) {
        SnapshotLoader loader = new SnapshotLoader(state);
        for (byte[] record : records) {
            loader.onRecord(new UnsafeBuffer(record), 0, record.length);
        }
        if (!loader.isComplete()) {
            throw new InvalidMessageException("incomplete");
        }
    }

    @Test
    void aLoadedSnapshotIsTheSameState() {
        RegistryState original = filled();
        RegistryState restored = new RegistryState(new RecordingOutbox(), 1000);
        load(restored, write(original));
        assertEquals(original.version(), restored.version());
        assertEquals(original.nodesBySession(), restored.nodesBySession());
        assertEquals(original.names(), restored.names());
        assertEquals(original.groups(), restored.groups());
    }

    @Test
    void aRestoredStateKeepsWorkingAndRemovesANodesEntriesWhenItsSessionCloses() {
        RecordingOutbox outbox = new RecordingOutbox();
        RegistryState restored = new RegistryState(outbox, 1000);
        load(restored, write(filled()));
        restored.sessionClosed(11);
        assertTrue(restored.names().isEmpty());
        assertFalse(restored.groups().get("group-0").contains(new Pid(A, 1, 3)));
        restored.process(12, 1, ProcessOp.REGISTER_NAME, "name-1", new Pid(B, 1, 4));
        assertEquals(io.spore.registry.sbe.Status.OK, outbox.last().status());
    }

    @Test
    void aBrokenSnapshotFailsLoudly() {
        List<byte[]> records = write(filled());
        List<byte[]> noEnd = new ArrayList<>(records.subList(0, records.size() - 1));
        assertThrows(InvalidMessageException.class, () -> load(new RegistryState(new RecordingOutbox(), 1000), noEnd));
        List<byte[]> missingRecord = new ArrayList<>(records);
        missingRecord.remove(5);
        assertThrows(InvalidMessageException.class,
            () -> load(new RegistryState(new RecordingOutbox(), 1000), missingRecord));
        List<byte[]> noBegin = new ArrayList<>(records.subList(1, records.size()));
        assertThrows(InvalidMessageException.class,
            () -> load(new RegistryState(new RecordingOutbox(), 1000), noBegin));
        List<byte[]> truncated = new ArrayList<>(records);
        byte[] cut = new byte[truncated.get(1).length - 3];
        System.arraycopy(truncated.get(1), 0, cut, 0, cut.length);
        truncated.set(1, cut);
        assertThrows(InvalidMessageException.class,
            () -> load(new RegistryState(new RecordingOutbox(), 1000), truncated));
    }
}
