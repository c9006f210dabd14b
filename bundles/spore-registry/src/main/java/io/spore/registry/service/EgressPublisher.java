package io.spore.registry.service;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.Status;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The cluster's side of {@link RegistryOutbox}: encodes each response and event and offers it to the egress of one
 * session or of every session. Only the leader really sends (a follower's sessions accept and drop). Egress is best
 * effort in Aeron Cluster: an event still back-pressured after a few tries is dropped and counted, and the client
 * notices the gap in event versions and asks for the whole view again.
 *
 * <p>A whole view to one session can be far larger than its egress window, so each of its records waits longer for
 * the client to read (up to {@link #VIEW_PATIENCE_NS}); once one is dropped the rest of that view is skipped but its
 * ViewEnd is still tried, so a slow or dead client costs the cluster one wait per view, and a live one sees the short
 * count and asks again.
 */
final class EgressPublisher implements RegistryOutbox {
    private static final int OFFER_ATTEMPTS = 8;
    private static final long VIEW_PATIENCE_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long NONE = Long.MIN_VALUE;

    private final Cluster cluster;
    private final RecordEncoder encoder = new RecordEncoder();
    private long dropped;
    private long skipping = NONE;

    EgressPublisher(Cluster cluster) {
        this.cluster = cluster;
    }

    /** @return how many egress messages were dropped after their retries */
    long dropped() {
        return dropped;
    }

    @Override
    public void respond(long sessionId, long correlationId, Status status, Pid holder, String detail) {
        send(sessionId, encoder.response(correlationId, status, holder, detail));
    }

    @Override
    public void nodeJoined(long target, long version, RegistryNode node) {
        send(target, encoder.nodeJoined(version, 0, node));
    }

    @Override
    public void nodeLeft(long target, long version, NodeName node, int creation) {
        send(target, encoder.nodeLeft(version, node, creation));
    }

    @Override
    public void processEvent(long target, long version, ProcessOp op, String key, Pid pid) {
        send(target, encoder.processEvent(version, op, key, pid));
    }

    @Override
    public void viewBegin(long target, long version) {
        skipping = NONE;
        send(target, encoder.viewBegin(version));
    }

    @Override
    public void viewEnd(long target, long version, int records) {
        if (skipping == target) {
            skipping = NONE;
        }
        send(target, encoder.viewEnd(version, records));
    }

    @Override
    public void closeSession(long sessionId) {
        // The cluster throws for a session it no longer knows; the state only names sessions it still holds, but a
        // close already under way must not fail the command that replaced it.
        if (cluster.getClientSession(sessionId) != null) {
            cluster.closeClientSession(sessionId);
        }
    }

    private void send(long target, int length) {
        if (target == ALL_SESSIONS) {
            for (ClientSession session : cluster.clientSessions()) {
                offer(session, length);
            }
        } else if (target != skipping) {
            ClientSession session = cluster.getClientSession(target);
            if (session != null && !offerPatiently(session, length)) {
                skipping = target;
            }
        }
    }

    private boolean offerPatiently(ClientSession session, int length) {
        if (session.isClosing()) {
            return false;
        }
        IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        long startNs = System.nanoTime();
        long result;
        while ((result = session.offer(encoder.buffer(), 0, length)) <= 0) {
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED
                || System.nanoTime() - startNs > VIEW_PATIENCE_NS) {
                dropped++;
                return false;
            }
            idle.idle();
        }
        return true;
    }

    private void offer(ClientSession session, int length) {
        if (session.isClosing()) {
            return;
        }
        IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++) {
            if (session.offer(encoder.buffer(), 0, length) > 0) {
                return;
            }
            idle.idle();
        }
        dropped++;
    }
}
