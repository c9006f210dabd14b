package io.spore.registry.service;

import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;

import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.Set;

/**
 * Writes the whole state as snapshot records: ViewBegin (the version), a NodeJoined per node with its session, a
 * ProcessEvent per held name and per group membership, and ViewEnd with the count, which {@link SnapshotLoader}
 * checks. Single-threaded (the clustered service's thread).
 */
public final class SnapshotWriter {
    /** Where the records go: on the cluster, the snapshot publication; in tests, a list. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one record, or fails.
         *
         * @param buffer where it is
         * @param offset where it starts
         * @param length its length
         */
        void write(DirectBuffer buffer, int offset, int length);
    }

    private final RecordEncoder encoder = new RecordEncoder();

    /**
     * Writes the state.
     *
     * @param state the state
     * @param sink  where the records go
     */
    public void write(RegistryState state, Sink sink) {
        long version = state.version();
        sink.write(encoder.buffer(), 0, encoder.viewBegin(version));
        int records = 0;
        for (Map.Entry<Long, RegistryNode> node : state.nodesBySession().entrySet()) {
            sink.write(encoder.buffer(), 0, encoder.nodeJoined(version, node.getKey(), node.getValue()));
            records++;
        }
        for (Map.Entry<String, Pid> name : state.names().entrySet()) {
            sink.write(encoder.buffer(), 0,
                encoder.processEvent(version, ProcessOp.REGISTER_NAME, name.getKey(), name.getValue()));
            records++;
        }
        for (Map.Entry<String, Set<Pid>> group : state.groups().entrySet()) {
            for (Pid pid : group.getValue()) {
                sink.write(encoder.buffer(), 0,
                    encoder.processEvent(version, ProcessOp.JOIN_GROUP, group.getKey(), pid));
                records++;
            }
        }
        sink.write(encoder.buffer(), 0, encoder.viewEnd(version, records));
    }
}
