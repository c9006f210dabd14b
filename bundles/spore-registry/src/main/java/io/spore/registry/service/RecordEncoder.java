package io.spore.registry.service;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.MessageHeaderEncoder;
import io.spore.registry.sbe.NodeJoinedEncoder;
import io.spore.registry.sbe.NodeLeftEncoder;
import io.spore.registry.sbe.ProcessEventEncoder;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.ResponseEncoder;
import io.spore.registry.sbe.Status;
import io.spore.registry.sbe.ViewBeginEncoder;
import io.spore.registry.sbe.ViewEndEncoder;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the registry's responses, events and snapshot records into one reused buffer; each method returns the
 * message's length, from offset 0 of {@link #buffer()}. Single-threaded.
 */
public final class RecordEncoder {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ResponseEncoder response = new ResponseEncoder();
    private final NodeJoinedEncoder nodeJoined = new NodeJoinedEncoder();
    private final NodeLeftEncoder nodeLeft = new NodeLeftEncoder();
    private final ProcessEventEncoder processEvent = new ProcessEventEncoder();
    private final ViewBeginEncoder viewBegin = new ViewBeginEncoder();
    private final ViewEndEncoder viewEnd = new ViewEndEncoder();

    /** @return the buffer every method writes into, from offset 0 */
    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /**
     * A response.
     *
     * @param correlationId the command's id
     * @param status        the outcome
     * @param holder        the holder of a name, or {@code null}
     * @param detail        why, cut to {@link WireLimits#MAX_DETAIL_BYTES} characters
     * @return the length
     */
    public int response(long correlationId, Status status, Pid holder, String detail) {
        response.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .status(status)
            .holderId(holder == null ? 0 : holder.id())
            .holderCreation(holder == null ? 0 : holder.creation())
            .holderNode(holder == null ? "" : holder.node().toString())
            .detail(cut(detail));
        return MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength();
    }

    /**
     * A joined node (an event, or a snapshot record with its session).
     *
     * @param version   the state's version
     * @param sessionId the session in a snapshot, 0 in an event
     * @param node      the node
     * @return the length
     */
    public int nodeJoined(long version, long sessionId, RegistryNode node) {
        nodeJoined.wrapAndApplyHeader(buffer, 0, header)
            .version(version)
            .creation(node.creation())
            .sessionId(sessionId);
        NodeJoinedEncoder.EndpointsEncoder endpoints = nodeJoined.endpointsCount(node.endpoints().size());
        for (String endpoint : node.endpoints()) {
            endpoints.next().endpoint(endpoint);
        }
        NodeJoinedEncoder.SpawnNamesEncoder spawnNames = nodeJoined.spawnNamesCount(node.spawnNames().size());
        for (String spawnName : node.spawnNames()) {
            spawnNames.next().spawnName(spawnName);
        }
        nodeJoined.nodeName(node.node().toString());
        return MessageHeaderEncoder.ENCODED_LENGTH + nodeJoined.encodedLength();
    }

    /**
     * A node left.
     *
     * @param version  the state's version
     * @param node     the node
     * @param creation its creation
     * @return the length
     */
    public int nodeLeft(long version, NodeName node, int creation) {
        nodeLeft.wrapAndApplyHeader(buffer, 0, header)
            .version(version)
            .creation(creation)
            .nodeName(node.toString());
        return MessageHeaderEncoder.ENCODED_LENGTH + nodeLeft.encodedLength();
    }

    /**
     * A name or membership change (an event), or a held name or membership (a snapshot or view record).
     *
     * @param version the state's version
     * @param op      which change
     * @param key     the name or group
     * @param pid     the process
     * @return the length
     */
    public int processEvent(long version, ProcessOp op, String key, Pid pid) {
        processEvent.wrapAndApplyHeader(buffer, 0, header)
            .version(version)
            .op(op)
            .pidId(pid.id())
            .pidCreation(pid.creation())
            .key(key)
            .pidNode(pid.node().toString());
        return MessageHeaderEncoder.ENCODED_LENGTH + processEvent.encodedLength();
    }

    /**
     * The start of a view or snapshot.
     *
     * @param version the state's version
     * @return the length
     */
    public int viewBegin(long version) {
        viewBegin.wrapAndApplyHeader(buffer, 0, header).version(version);
        return MessageHeaderEncoder.ENCODED_LENGTH + viewBegin.encodedLength();
    }

    /**
     * The end of a view or snapshot.
     *
     * @param version the state's version
     * @param records how many records the view or snapshot holds
     * @return the length
     */
    public int viewEnd(long version, int records) {
        viewEnd.wrapAndApplyHeader(buffer, 0, header).version(version).records(records);
        return MessageHeaderEncoder.ENCODED_LENGTH + viewEnd.encodedLength();
    }

    private static String cut(String detail) {
        return detail.length() <= WireLimits.MAX_DETAIL_BYTES / 4 ? detail
            : detail.substring(0, WireLimits.MAX_DETAIL_BYTES / 4);
    }
}
