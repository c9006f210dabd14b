package io.spore.transport;

import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.sbe.PingDecoder;
import io.spore.wire.sbe.PongDecoder;

/**
 * The frames about a connection itself rather than the node's processes, from an authenticated peer: pings and
 * pongs, heartbeats and the report of a prior connection.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class ConnectionFrames {
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
}
