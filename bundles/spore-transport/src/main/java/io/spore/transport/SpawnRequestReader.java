package io.spore.transport;

import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.SpawnRequest;
import io.spore.wire.MalformedFrameException;
import io.spore.wire.PayloadDecoder;
import io.spore.wire.WireCodes;
import io.spore.wire.sbe.SpawnRequestDecoder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a SpawnRequest frame into the node's {@link SpawnRequest}: names checked, env and args decoded. Kept out of
 * the frame adapter so the adapter stays a switch over frame types.
 *
 * <p>The factory's and the nodes' names come from {@link TextCache}s, and a parent or leader on the requesting
 * node from its {@link PidCache}: a stream of spawns from one node reads the same few names, which are then neither
 * copied out of the frame nor parsed and checked again.
 *
 * <p>Threading: whichever thread receives at the moment (the decoder and payload reader are its own).
 */
final class SpawnRequestReader {
    /** An empty list's encoding is a few bytes: a longer one is not remembered. */
    private static final int EMPTY_ARGS_MAX = 16;
    private final TextCache<Name> names = new TextCache<>(text -> name(text, "name"));
    private final TextCache<NodeName> nodes = new TextCache<>(SpawnRequestReader::node);
    private final UnsafeBuffer text = new UnsafeBuffer(0, 0);
    /** The encoding of an empty argument list as requesters write it, once one came; {@code null} before. */
    private byte[] emptyArgs;

    /**
     * @param remotePids the pids of the requesting node {@code remote}
     * @throws MalformedFrameException when a name, the env or the args cannot be read (the caller answers
     *                                 {@code UNENCODABLE})
     */
    SpawnRequest read(NodeName remote, PidCache remotePids, Ref ref, Pid requester, SpawnRequestDecoder frame,
                      PayloadDecoder payloads) {
        long parentId = frame.parent().id();
        int parentCreation = frame.parent().creation();
        long leaderId = frame.leader().id();
        int leaderCreation = frame.leader().creation();
        LogLevel logLevel = WireCodes.logLevel(frame.logLevel());
        boolean trapExits = frame.flags().trapExits();
        boolean link = frame.flags().linkRequester();
        long timeoutMs = frame.timeoutMs();
        frame.wrapFactoryName(text);
        Name factory = names.get(text);
        frame.wrapRegisterName(text);
        Name register = text.capacity() == 0 ? null : names.get(text);
        frame.wrapParentNode(text);
        NodeName parentNode = text.capacity() == 0 ? remote : nodes.get(text);
        frame.wrapLeaderNode(text);
        NodeName leaderNode = text.capacity() == 0 ? null : nodes.get(text);
        String application = frame.application();
        Map<String, Object> env = null;
        if (frame.envLength() == 0) {
            frame.skipEnv();
        } else if (payloads.decodeVarData(frame) instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw bad("an environment key is not a String: " + entry.getKey());
                }
                copy.put(key, entry.getValue());
            }
            env = Collections.unmodifiableMap(copy);
        } else {
            throw bad("the environment is not a map");
        }
        List<Object> args = args(frame, payloads);
        Pid parent = pid(parentNode, parentId, parentCreation, remote, remotePids);
        Pid leader = leaderNode == null ? null : pid(leaderNode, leaderId, leaderCreation, remote, remotePids);
        return new SpawnRequest(ref, requester, factory, register, parent, leader,
            application.isEmpty() ? null : application, logLevel, trapExits, env, args, timeoutMs, link);
    }

    /**
     * The init arguments. Most spawns have none: the bytes the requester's codec writes for an empty list are
     * remembered once, and a request whose arguments are those same bytes is not decoded again.
     */
    private List<Object> args(SpawnRequestDecoder frame, PayloadDecoder payloads) {
        int length = frame.argsLength();
        int start = frame.limit() + SpawnRequestDecoder.argsHeaderLength();
        if (emptyArgs != null && length == emptyArgs.length && sameBytes(frame.buffer(), start, emptyArgs)) {
            frame.skipArgs();
            return List.of();
        }
        if (!(payloads.decodeVarData(frame) instanceof List<?> list)) {
            throw bad("the arguments are not a list");
        }
        if (!list.isEmpty()) {
            return Collections.unmodifiableList(new java.util.ArrayList<>(list));
        }
        if (emptyArgs == null && length <= EMPTY_ARGS_MAX) {
            emptyArgs = new byte[length];
            frame.buffer().getBytes(start, emptyArgs);
        }
        return List.of();
    }

    private static boolean sameBytes(DirectBuffer buffer, int offset, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (buffer.getByte(offset + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** A pid on the requesting node comes from its cache; one on a third node is made. */
    private static Pid pid(NodeName node, long id, int creation, NodeName remote, PidCache remotePids) {
        if (id < 0) {
            throw bad("a pid with the negative id " + id);
        }
        return node.equals(remote) ? remotePids.pid(id, creation) : new Pid(node, id, creation);
    }

    private static Name name(String text, String what) {
        try {
            return Name.of(text);
        } catch (SporeException e) {
            throw bad("the " + what + " is invalid: " + e.getMessage());
        }
    }

    private static NodeName node(String text) {
        try {
            return NodeName.parse(text);
        } catch (SporeException e) {
            throw bad("a node name is invalid: " + e.getMessage());
        }
    }

    private static MalformedFrameException bad(String why) {
        return new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE, why);
    }
}
