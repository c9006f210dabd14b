package io.spore.registry.service;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.Status;

import java.util.ArrayList;
import java.util.List;

/** Records what the state machine sends, as lines, for the unit tests. */
final class RecordingOutbox implements RegistryOutbox {
    record Response(long sessionId, long correlationId, Status status, Pid holder, String detail) {
    }

    final List<Response> responses = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<Long> closed = new ArrayList<>();

    Response last() {
        return responses.get(responses.size() - 1);
    }

    @Override
    public void respond(long sessionId, long correlationId, Status status, Pid holder, String detail) {
        responses.add(new Response(sessionId, correlationId, status, holder, detail));
    }

    @Override
    public void nodeJoined(long target, long version, RegistryNode node) {
        events.add(target + " " + version + " joined " + node.node());
    }

    @Override
    public void nodeLeft(long target, long version, NodeName node, int creation) {
        events.add(target + " " + version + " left " + node);
    }

    @Override
    public void processEvent(long target, long version, ProcessOp op, String key, Pid pid) {
        events.add(target + " " + version + " " + op + " " + key + " " + pid);
    }

    @Override
    public void viewBegin(long target, long version) {
        events.add(target + " " + version + " view");
    }

    @Override
    public void viewEnd(long target, long version, int records) {
        events.add(target + " " + version + " end " + records);
    }

    @Override
    public void closeSession(long sessionId) {
        closed.add(sessionId);
    }
}
