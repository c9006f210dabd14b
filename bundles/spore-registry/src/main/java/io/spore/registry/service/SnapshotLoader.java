package io.spore.registry.service;

import io.spore.registry.sbe.NodeJoinedDecoder;
import io.spore.registry.sbe.ProcessEventDecoder;
import io.spore.registry.sbe.ViewBeginDecoder;
import io.spore.registry.sbe.ViewEndDecoder;

import org.agrona.DirectBuffer;

/**
 * Restores a state from the records {@link SnapshotWriter} wrote, one record at a time, and checks that the
 * snapshot is whole: it begins with ViewBegin, ends with ViewEnd of the same version and with the count of records
 * seen. A broken snapshot fails loudly (an {@link InvalidMessageException}) rather than start a member with part
 * of the state. Single-threaded.
 */
public final class SnapshotLoader {
    private final RegistryState state;
    private final RecordReader reader = new RecordReader();
    private boolean begun;
    private boolean complete;
    private long version;
    private int records;

    /**
     * Creates a loader.
     *
     * @param state an empty state to restore into
     */
    public SnapshotLoader(RegistryState state) {
        this.state = state;
    }

    /** @return whether the snapshot's last record was read */
    public boolean isComplete() {
        return complete;
    }

    /**
     * Reads one record.
     *
     * @param buffer where it is
     * @param offset where it starts
     * @param length its length
     * @throws InvalidMessageException when the record or the order of records is wrong
     */
    public void onRecord(DirectBuffer buffer, int offset, int length) {
        if (complete) {
            throw new InvalidMessageException("a record after the snapshot's end");
        }
        int templateId;
        try {
            templateId = reader.open(buffer, offset, length);
            if (!begun && templateId != ViewBeginDecoder.TEMPLATE_ID) {
                throw new InvalidMessageException("a snapshot that does not begin with ViewBegin");
            }
            switch (templateId) {
                case ViewBeginDecoder.TEMPLATE_ID -> {
                    if (begun) {
                        throw new InvalidMessageException("a second ViewBegin in a snapshot");
                    }
                    begun = true;
                    version = reader.viewBegin().version();
                    state.restoreVersion(version);
                }
                case NodeJoinedDecoder.TEMPLATE_ID -> {
                    NodeJoinedDecoder d = reader.nodeJoined();
                    long sessionId = d.sessionId();
                    state.restoreNode(sessionId, RecordReader.node(d));
                    records++;
                }
                case ProcessEventDecoder.TEMPLATE_ID -> {
                    ProcessEventDecoder d = reader.processEvent();
                    String key = RecordReader.key(d);
                    state.restoreEntry(d.op(), key, RecordReader.pid(d));
                    records++;
                }
                case ViewEndDecoder.TEMPLATE_ID -> {
                    ViewEndDecoder d = reader.viewEnd();
                    if (d.version() != version || d.records() != records) {
                        throw new InvalidMessageException("a snapshot of version " + version + " with " + records
                            + " records ends as version " + d.version() + " with " + d.records());
                    }
                    complete = true;
                }
                default -> throw new InvalidMessageException("unknown snapshot record template " + templateId);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new InvalidMessageException("a snapshot record runs past its end (" + length + " bytes)");
        }
    }
}
