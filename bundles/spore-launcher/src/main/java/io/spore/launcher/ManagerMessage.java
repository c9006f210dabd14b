package io.spore.launcher;

import java.util.List;

/**
 * One message of the node-manager channel between a creator ({@link NodeManager}) and the node it started
 * ({@link NodeAgent}), as JSON inside the sealed channel ({@link SealedChannel}). Once the handshake has proved the
 * one-time token both ways ({@link ChannelHandshake}; the token itself never travels), the node says {@code hello}
 * and the creator answers {@code welcome} (with its own name); then the creator sends {@code request}s and the node
 * answers each with a {@code reply} of the same id. {@code refused} goes only, in clear, to a node of a Spore from
 * before the sealed channel, which reads nothing else. Only the fields of the message's type are set.
 *
 * @param type     {@code hello}, {@code welcome}, {@code refused}, {@code request} or {@code reply}
 * @param node     hello: the node's name
 * @param pid      hello: the node's OS process id
 * @param udpPort  hello: the node's transport port, or {@code null} without a transport
 * @param detached hello: whether the node outlives its creator
 * @param creator  welcome: the creator's name, which the node's bundle-install allow list is checked against
 * @param id       request and reply: the request's number
 * @param op       request: {@code ping}, {@code close}, {@code install}, {@code factories}, {@code spawn} or
 *                 {@code heartbeat} (no reply)
 * @param name     request: the bundle's file name (install) or the factory (spawn)
 * @param register request: the name to register a spawned process under
 * @param data     request: the bundle, Base64 (install)
 * @param ok       reply: whether it was done
 * @param error    reply and refused: why not
 * @param result   reply: what was done, for a person
 * @param names    reply: the spawn names (factories)
 */
public record ManagerMessage(String type, String node, Long pid, Integer udpPort, Boolean detached,
                             String creator, Long id, String op, String name, String register, String data,
                             Boolean ok, String error, String result, List<String> names) {
    static ManagerMessage hello(String node, long pid, Integer udpPort, boolean detached) {
        return new ManagerMessage("hello", node, pid, udpPort, detached, null, null, null, null, null, null,
            null, null, null, null);
    }

    static ManagerMessage welcome(String creator) {
        return new ManagerMessage("welcome", null, null, null, null, creator, null, null, null, null, null, null,
            null, null, null);
    }

    static ManagerMessage refused(String error) {
        return new ManagerMessage("refused", null, null, null, null, null, null, null, null, null, null, false,
            error, null, null);
    }

    static ManagerMessage request(long id, String op, String name, String register, String data) {
        return new ManagerMessage("request", null, null, null, null, null, id, op, name, register, data, null,
            null, null, null);
    }

    static ManagerMessage reply(long id, String result, List<String> names) {
        return new ManagerMessage("reply", null, null, null, null, null, id, null, null, null, null, true, null,
            result, names);
    }

    static ManagerMessage failure(long id, String error) {
        return new ManagerMessage("reply", null, null, null, null, null, id, null, null, null, null, false,
            error, null, null);
    }
}
