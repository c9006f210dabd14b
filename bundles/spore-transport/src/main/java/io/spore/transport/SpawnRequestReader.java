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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a SpawnRequest frame into the node's {@link SpawnRequest}: names checked, env and args decoded. Kept out of
 * the frame adapter so the adapter stays a switch over frame types.
 *
 * <p>Threading: the receive agent's thread only (the decoder and payload reader are its own).
 */
final class SpawnRequestReader {
    private SpawnRequestReader() {
    }

    /**
     * @throws MalformedFrameException when a name, the env or the args cannot be read (the caller answers
     *                                 {@code UNENCODABLE})
     */
    static SpawnRequest read(NodeName remote, Ref ref, Pid requester, SpawnRequestDecoder frame,
                             PayloadDecoder payloads) {
        long parentId = frame.parent().id();
        int parentCreation = frame.parent().creation();
        long leaderId = frame.leader().id();
        int leaderCreation = frame.leader().creation();
        LogLevel logLevel = WireCodes.logLevel(frame.logLevel());
        boolean trapExits = frame.flags().trapExits();
        boolean link = frame.flags().linkRequester();
        long timeoutMs = frame.timeoutMs();
        Name factory = name(frame.factoryName(), "factory name");
        String registerText = frame.registerName();
        Name register = registerText.isEmpty() ? null : name(registerText, "register name");
        String parentNode = frame.parentNode();
        String leaderNode = frame.leaderNode();
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
        List<Object> args;
        if (payloads.decodeVarData(frame) instanceof List<?> list) {
            args = Collections.unmodifiableList(new java.util.ArrayList<>(list));
        } else {
            throw bad("the arguments are not a list");
        }
        Pid parent = new Pid(node(parentNode.isEmpty() ? remote.toString() : parentNode), parentId, parentCreation);
        Pid leader = leaderNode.isEmpty() ? null : new Pid(node(leaderNode), leaderId, leaderCreation);
        return new SpawnRequest(ref, requester, factory, register, parent, leader,
            application.isEmpty() ? null : application, logLevel, trapExits, env, args, timeoutMs, link);
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
