package io.spore.registry.client;

import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.spore.api.SporeException;
import io.spore.registry.RegistryResult;
import io.spore.registry.RegistryStatus;
import io.spore.registry.sbe.NodeJoinedDecoder;
import io.spore.registry.sbe.NodeLeftDecoder;
import io.spore.registry.sbe.ProcessEventDecoder;
import io.spore.registry.sbe.ResponseDecoder;
import io.spore.registry.sbe.ViewBeginDecoder;
import io.spore.registry.sbe.ViewEndDecoder;
import io.spore.registry.service.InvalidMessageException;
import io.spore.registry.service.RecordReader;

import org.agrona.DirectBuffer;

/**
 * Reads the registry's egress on the client's thread: responses complete their requests, events and views go to
 * the {@link Replica}. A message that cannot be read is dropped and counted, and the replica asks for the whole
 * view again, since it may have missed a change.
 */
final class EgressReader implements EgressListener {
    private final RecordReader reader = new RecordReader();
    private final Replica replica;
    private final ResponseHandler responses;
    private final Runnable onNewLeader;
    private long malformed;

    /** Where answers go. */
    interface ResponseHandler {
        /** An answer to a request. */
        void onResponse(long correlationId, RegistryResult result);

        /** This node joined again through another session; this one is about to close. */
        void onReplaced(String detail);
    }

    EgressReader(Replica replica, ResponseHandler responses, Runnable onNewLeader) {
        this.replica = replica;
        this.responses = responses;
        this.onNewLeader = onNewLeader;
    }

    long malformed() {
        return malformed;
    }

    @Override
    public void onMessage(
        long clusterSessionId, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
        try {
            int templateId = reader.open(buffer, offset, length);
            switch (templateId) {
                case ResponseDecoder.TEMPLATE_ID -> onResponse(reader.response());
                case NodeJoinedDecoder.TEMPLATE_ID -> {
                    NodeJoinedDecoder d = reader.nodeJoined();
                    long version = d.version();
                    replica.onNodeJoined(version, RecordReader.node(d));
                }
                case NodeLeftDecoder.TEMPLATE_ID -> {
                    NodeLeftDecoder d = reader.nodeLeft();
                    long version = d.version();
                    int creation = d.creation();
                    replica.onNodeLeft(version, RecordReader.node(d), creation);
                }
                case ProcessEventDecoder.TEMPLATE_ID -> {
                    ProcessEventDecoder d = reader.processEvent();
                    long version = d.version();
                    String key = RecordReader.key(d);
                    replica.onProcessEvent(version, d.op(), key, RecordReader.pid(d));
                }
                case ViewBeginDecoder.TEMPLATE_ID ->
                    replica.onViewBegin(reader.viewBegin().version(), System.nanoTime());
                case ViewEndDecoder.TEMPLATE_ID -> {
                    ViewEndDecoder d = reader.viewEnd();
                    replica.onViewEnd(d.version(), d.records());
                }
                default -> throw new InvalidMessageException("unknown egress template " + templateId);
            }
        } catch (InvalidMessageException | SporeException | IndexOutOfBoundsException e) {
            malformed++;
            replica.requestSync();
        }
    }

    private void onResponse(ResponseDecoder d) {
        long correlationId = d.correlationId();
        if (d.status() == io.spore.registry.sbe.Status.REPLACED) {
            RecordReader.holder(d);
            responses.onReplaced(RecordReader.detail(d));
            return;
        }
        RegistryStatus status = switch (d.status()) {
            case OK -> RegistryStatus.OK;
            case NAME_TAKEN -> RegistryStatus.NAME_TAKEN;
            case NOT_HOLDER -> RegistryStatus.NOT_HOLDER;
            case NOT_JOINED -> RegistryStatus.NOT_JOINED;
            case FOREIGN_PROCESS -> RegistryStatus.FOREIGN_PROCESS;
            case LIMIT -> RegistryStatus.LIMIT;
            default -> RegistryStatus.INVALID;
        };
        responses.onResponse(correlationId, new RegistryResult(status, RecordReader.holder(d), RecordReader.detail(d)));
    }

    @Override
    public void onNewLeader(long clusterSessionId, long leadershipTermId, int leaderMemberId, String ingressEndpoints) {
        onNewLeader.run();
    }
}
