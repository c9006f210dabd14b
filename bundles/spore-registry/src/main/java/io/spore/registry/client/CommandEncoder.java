package io.spore.registry.client;

import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.JoinNodeEncoder;
import io.spore.registry.sbe.MessageHeaderEncoder;
import io.spore.registry.sbe.ProcessCommandEncoder;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.SyncEncoder;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a node's commands, each into its own array, so that the caller's thread encodes and the client's thread
 * only offers (and offers again after a leader change). Not thread-safe: callers synchronize on it.
 */
final class CommandEncoder {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final JoinNodeEncoder joinNode = new JoinNodeEncoder();
    private final ProcessCommandEncoder processCommand = new ProcessCommandEncoder();
    private final SyncEncoder sync = new SyncEncoder();

    synchronized UnsafeBuffer join(long correlationId, RegistryNode node) {
        joinNode.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).creation(node.creation());
        JoinNodeEncoder.EndpointsEncoder endpoints = joinNode.endpointsCount(node.endpoints().size());
        for (String endpoint : node.endpoints()) {
            endpoints.next().endpoint(endpoint);
        }
        JoinNodeEncoder.SpawnNamesEncoder spawnNames = joinNode.spawnNamesCount(node.spawnNames().size());
        for (String spawnName : node.spawnNames()) {
            spawnNames.next().spawnName(spawnName);
        }
        joinNode.nodeName(node.node().toString());
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + joinNode.encodedLength());
    }

    synchronized UnsafeBuffer process(long correlationId, ProcessOp op, String key, Pid pid) {
        processCommand.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .op(op)
            .pidId(pid.id())
            .pidCreation(pid.creation())
            .key(key)
            .pidNode(pid.node().toString());
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + processCommand.encodedLength());
    }

    synchronized UnsafeBuffer sync(long correlationId) {
        sync.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + sync.encodedLength());
    }

    private UnsafeBuffer copy(int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }
}
