package io.spore.registry.service;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.MessageHeaderDecoder;
import io.spore.registry.sbe.NodeJoinedDecoder;
import io.spore.registry.sbe.NodeLeftDecoder;
import io.spore.registry.sbe.ProcessEventDecoder;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.ResponseDecoder;
import io.spore.registry.sbe.ViewBeginDecoder;
import io.spore.registry.sbe.ViewEndDecoder;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the registry's responses, events and snapshot records, validated and bounded like the commands: a member
 * loading its snapshot and a node reading egress both go through here. Open a message with {@link #open}, then read
 * the fields of its template. Single-threaded; reused.
 */
public final class RecordReader {
    private final MessageFrame frame = new MessageFrame();
    private final ResponseDecoder response = new ResponseDecoder();
    private final NodeJoinedDecoder nodeJoined = new NodeJoinedDecoder();
    private final NodeLeftDecoder nodeLeft = new NodeLeftDecoder();
    private final ProcessEventDecoder processEvent = new ProcessEventDecoder();
    private final ViewBeginDecoder viewBegin = new ViewBeginDecoder();
    private final ViewEndDecoder viewEnd = new ViewEndDecoder();

    /**
     * Opens a message.
     *
     * @param buffer where it is
     * @param offset where it starts
     * @param length its length
     * @return its template id
     * @throws InvalidMessageException when its header is not the registry's
     */
    public int open(DirectBuffer buffer, int offset, int length) {
        return frame.open(buffer, offset, length);
    }

    /** @return the opened message as a response, its block length checked */
    public ResponseDecoder response() {
        return response.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(ResponseDecoder.BLOCK_LENGTH), frame.version());
    }

    /**
     * Reads a response's holder, after its fixed fields.
     *
     * @param d the response
     * @return the holder, or {@code null} when the response names none
     */
    public static Pid holder(ResponseDecoder d) {
        long id = d.holderId();
        int creation = d.holderCreation();
        MessageFrame.bound(d.holderNodeLength(), WireLimits.MAX_TEXT_BYTES, "the holder's node name");
        String node = d.holderNode();
        return node.isEmpty() ? null : new Pid(NodeName.parse(node), id, creation);
    }

    /**
     * Reads a response's detail, after its holder.
     *
     * @param d the response
     * @return the detail, possibly empty
     */
    public static String detail(ResponseDecoder d) {
        MessageFrame.bound(d.detailLength(), WireLimits.MAX_DETAIL_BYTES, "the detail");
        return d.detail();
    }

    /** @return the opened message as a joined node, its block length checked */
    public NodeJoinedDecoder nodeJoined() {
        return nodeJoined.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(NodeJoinedDecoder.BLOCK_LENGTH), frame.version());
    }

    /**
     * Reads a joined node's record, after its fixed fields.
     *
     * @param d the message
     * @return the node
     */
    public static RegistryNode node(NodeJoinedDecoder d) {
        int creation = d.creation();
        NodeJoinedDecoder.EndpointsDecoder endpointsGroup = d.endpoints();
        count(endpointsGroup.count(), WireLimits.MAX_ENDPOINTS, "endpoints");
        List<String> endpoints = new ArrayList<>(endpointsGroup.count());
        for (NodeJoinedDecoder.EndpointsDecoder e : endpointsGroup) {
            MessageFrame.bound(e.endpointLength(), WireLimits.MAX_TEXT_BYTES, "an endpoint");
            endpoints.add(e.endpoint());
        }
        NodeJoinedDecoder.SpawnNamesDecoder spawnGroup = d.spawnNames();
        count(spawnGroup.count(), WireLimits.MAX_SPAWN_NAMES, "spawn names");
        List<String> spawnNames = new ArrayList<>(spawnGroup.count());
        for (NodeJoinedDecoder.SpawnNamesDecoder s : spawnGroup) {
            MessageFrame.bound(s.spawnNameLength(), WireLimits.MAX_TEXT_BYTES, "a spawn name");
            spawnNames.add(s.spawnName());
        }
        MessageFrame.bound(d.nodeNameLength(), WireLimits.MAX_TEXT_BYTES, "the node name");
        return new RegistryNode(NodeName.parse(d.nodeName()), creation, endpoints, spawnNames);
    }

    /** @return the opened message as a departed node, its block length checked */
    public NodeLeftDecoder nodeLeft() {
        return nodeLeft.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(NodeLeftDecoder.BLOCK_LENGTH), frame.version());
    }

    /**
     * Reads a departed node's name, after its fixed fields.
     *
     * @param d the message
     * @return the node's name
     */
    public static NodeName node(NodeLeftDecoder d) {
        MessageFrame.bound(d.nodeNameLength(), WireLimits.MAX_TEXT_BYTES, "the node name");
        return NodeName.parse(d.nodeName());
    }

    /** @return the opened message as a process event, its block length and operation checked */
    public ProcessEventDecoder processEvent() {
        processEvent.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(ProcessEventDecoder.BLOCK_LENGTH), frame.version());
        ProcessOp op = processEvent.op();
        if (op == ProcessOp.SBE_UNKNOWN || op == ProcessOp.NULL_VAL || op == ProcessOp.PROCESS_ENDED) {
            throw new InvalidMessageException("a process event with operation " + processEvent.opRaw());
        }
        return processEvent;
    }

    /**
     * Reads a process event's key, after its fixed fields.
     *
     * @param d the message
     * @return the name or group
     */
    public static String key(ProcessEventDecoder d) {
        MessageFrame.bound(d.keyLength(), WireLimits.MAX_TEXT_BYTES, "the name or group");
        return d.key();
    }

    /**
     * Reads a process event's pid, after its key.
     *
     * @param d the message
     * @return the pid
     */
    public static Pid pid(ProcessEventDecoder d) {
        MessageFrame.bound(d.pidNodeLength(), WireLimits.MAX_TEXT_BYTES, "the pid's node name");
        return new Pid(NodeName.parse(d.pidNode()), d.pidId(), d.pidCreation());
    }

    /** @return the opened message as the start of a view, its block length checked */
    public ViewBeginDecoder viewBegin() {
        return viewBegin.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(ViewBeginDecoder.BLOCK_LENGTH), frame.version());
    }

    /** @return the opened message as the end of a view, its block length checked */
    public ViewEndDecoder viewEnd() {
        return viewEnd.wrap(frame.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            frame.blockLength(ViewEndDecoder.BLOCK_LENGTH), frame.version());
    }

    private static void count(int count, int max, String what) {
        if (count > max) {
            throw new InvalidMessageException(count + " " + what + " are more than " + max);
        }
    }
}
