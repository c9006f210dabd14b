package io.spore.transport;

import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.sbe.GoodbyeDecoder;
import io.spore.wire.sbe.GoodbyeReason;
import io.spore.wire.sbe.PingDecoder;
import io.spore.wire.sbe.PongDecoder;

/**
 * The frames about a connection itself rather than the node's processes, from an authenticated peer: pings and
 * pongs, heartbeats, the report of a prior connection, and goodbyes.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class ConnectionFrames {
    private static final System.Logger LOG = System.getLogger(TransportAgent.class.getName());

    private final Connections connections;
    private final FrameWriter writer;
    private final Confirmations confirmations;
    private final TransportCounters counters;

    ConnectionFrames(Connections connections, Confirmations confirmations, TransportCounters counters) {
        this.connections = connections;
        this.writer = connections.writer();
        this.confirmations = confirmations;
        this.counters = counters;
    }

    /** Handles the frame {@code reader} last read, of {@code type}, if it is one of these; ignores the others. */
    void onFrame(FrameType type, Association peer, FrameReader reader) {
        switch (type) {
            case PING -> {
                PingDecoder ping = reader.ping();
                connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(),
                    writer.pong(ping.correlationId(), ping.sentTimeNs()));
            }
            case PONG -> {
                PongDecoder pong = reader.pong();
                if (!RoundTrips.onPong(peer, pong.correlationId(), pong.sentTimeNs(), System.nanoTime())) {
                    confirmations.onPong(peer, pong.correlationId());
                }
            }
            case HEARTBEAT -> connections.priors().onHeartbeat(peer, reader.heartbeat());
            case PRIOR_CONNECTION -> connections.priors().onPriorConnection(peer, reader.priorConnection());
            case STALE_SESSION -> counters.malformedFrames.increment(); // it only ever travels in an error frame
            default -> {
                // Spawn requests and replies are the node's traffic: InboundFrameAdapter takes them.
            }
        }
    }

    /** A goodbye from an authenticated peer ends its connection; one that refused the handshake says why. */
    void onGoodbye(int sessionId, GoodbyeDecoder goodbye) {
        Association peer = connections.bySession(sessionId);
        GoodbyeReason reason = goodbye.reason();
        String description = goodbye.description();
        if (peer == null || peer.isDown()) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        Object self = connections.context().nodeName();
        if (reason == GoodbyeReason.HANDSHAKE_FAILED) {
            counters.failedHandshakes.increment();
            LOG.log(System.Logger.Level.WARNING, () -> "handshake of " + self + " with " + peer.name
                + " failed: " + peer.name + " refused it: " + (description.isEmpty()
                ? "our cookies differ; give both nodes the same cookie file" : description));
            connections.down(peer, peer.name + " refused the handshake", true, null);
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> self + ": " + peer.name + " said goodbye (" + reason
            + (description.isEmpty() ? "" : ": " + description) + ")");
        connections.down(peer, peer.name + " said goodbye", false, null);
    }
}
