package io.spore.registry.service;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.JoinNodeDecoder;
import io.spore.registry.sbe.MessageHeaderDecoder;
import io.spore.registry.sbe.ProcessCommandDecoder;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.SyncDecoder;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client's command from the cluster's log, validates all of it, and only then applies it to the state, so a
 * hostile message changes nothing and gets an {@code INVALID} response that says why. Every length is bounded before
 * anything is allocated for it (see {@link WireLimits}). Single-threaded (the clustered service's thread).
 */
public final class CommandReader {
    private final RegistryState state;
    private final MessageFrame frame = new MessageFrame();
    private final JoinNodeDecoder joinNode = new JoinNodeDecoder();
    private final ProcessCommandDecoder processCommand = new ProcessCommandDecoder();
    private final SyncDecoder sync = new SyncDecoder();

    /**
     * Creates a reader.
     *
     * @param state where valid commands go
     */
    public CommandReader(RegistryState state) {
        this.state = state;
    }

    /**
     * Reads and applies one command.
     *
     * @param sessionId the session that sent it
     * @param buffer    where it is
     * @param offset    where it starts
     * @param length    its length
     */
    public void onMessage(long sessionId, DirectBuffer buffer, int offset, int length) {
        long correlationId = 0;
        try {
            int templateId = frame.open(buffer, offset, length);
            correlationId = correlationIdOf(length);
            switch (templateId) {
                case JoinNodeDecoder.TEMPLATE_ID -> onJoin(sessionId);
                case ProcessCommandDecoder.TEMPLATE_ID -> onProcessCommand(sessionId);
                case SyncDecoder.TEMPLATE_ID -> {
                    sync.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
                        frame.blockLength(SyncDecoder.BLOCK_LENGTH), frame.version());
                    state.sync(sessionId, sync.correlationId());
                }
                default -> throw new InvalidMessageException("unknown command template " + templateId);
            }
        } catch (InvalidMessageException | SporeException e) {
            state.invalid(sessionId, correlationId, e.getMessage());
        } catch (IndexOutOfBoundsException e) {
            state.invalid(sessionId, correlationId, "a field runs past the message's end (" + length + " bytes)");
        }
    }

    // Every command starts its block with the correlation id, so even a broken one gets an answer it can match.
    private long correlationIdOf(int length) {
        return length >= MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES
            ? frame.buffer().getLong(MessageHeaderDecoder.ENCODED_LENGTH, JoinNodeDecoder.BYTE_ORDER) : 0;
    }

    private void onJoin(long sessionId) {
        JoinNodeDecoder d = joinNode.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(JoinNodeDecoder.BLOCK_LENGTH), frame.version());
        long correlationId = d.correlationId();
        int creation = d.creation();
        JoinNodeDecoder.EndpointsDecoder endpointsGroup = d.endpoints();
        bound(endpointsGroup.count(), WireLimits.MAX_ENDPOINTS, "endpoints");
        List<String> endpoints = new ArrayList<>(endpointsGroup.count());
        for (JoinNodeDecoder.EndpointsDecoder e : endpointsGroup) {
            MessageFrame.bound(e.endpointLength(), WireLimits.MAX_TEXT_BYTES, "an endpoint");
            endpoints.add(text(e.endpoint(), "an endpoint"));
        }
        JoinNodeDecoder.SpawnNamesDecoder spawnGroup = d.spawnNames();
        bound(spawnGroup.count(), WireLimits.MAX_SPAWN_NAMES, "spawn names");
        List<String> spawnNames = new ArrayList<>(spawnGroup.count());
        for (JoinNodeDecoder.SpawnNamesDecoder s : spawnGroup) {
            MessageFrame.bound(s.spawnNameLength(), WireLimits.MAX_TEXT_BYTES, "a spawn name");
            spawnNames.add(text(s.spawnName(), "a spawn name"));
        }
        MessageFrame.bound(d.nodeNameLength(), WireLimits.MAX_TEXT_BYTES, "the node name");
        NodeName node = NodeName.parse(d.nodeName());
        state.join(sessionId, correlationId, new RegistryNode(node, creation, endpoints, spawnNames));
    }

    private void onProcessCommand(long sessionId) {
        ProcessCommandDecoder d = processCommand.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(ProcessCommandDecoder.BLOCK_LENGTH), frame.version());
        long correlationId = d.correlationId();
        ProcessOp op = d.op();
        if (op == ProcessOp.SBE_UNKNOWN || op == ProcessOp.NULL_VAL) {
            throw new InvalidMessageException("unknown process operation " + d.opRaw());
        }
        long pidId = d.pidId();
        int pidCreation = d.pidCreation();
        MessageFrame.bound(d.keyLength(), WireLimits.MAX_TEXT_BYTES, "the name or group");
        String key = text(d.key(), "the name or group");
        MessageFrame.bound(d.pidNodeLength(), WireLimits.MAX_TEXT_BYTES, "the pid's node name");
        Pid pid = new Pid(NodeName.parse(d.pidNode()), pidId, pidCreation);
        state.process(sessionId, correlationId, op, key, pid);
    }

    private static void bound(int count, int max, String what) {
        if (count > max) {
            throw new InvalidMessageException(count + " " + what + " are more than " + max);
        }
    }

    /**
     * Rejects text with control characters, which no name, group, endpoint or spawn name may hold.
     *
     * @param text the decoded text
     * @param what what it is, for the error
     * @return the text
     */
    static String text(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new InvalidMessageException(what + " holds a control character");
            }
        }
        return text;
    }
}
