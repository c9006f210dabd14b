package io.spore.metrics;

import io.spore.core.spi.PeerStats;
import io.spore.core.spi.TransportStatistics;

import java.util.List;

import static io.spore.metrics.MetricDefinition.NODE;
import static io.spore.metrics.MetricDefinition.PEER;
import static io.spore.metrics.MetricDefinition.counter;
import static io.spore.metrics.MetricDefinition.gauge;

/**
 * The figures of each node connected now ({@link TransportStatistics#peers()}), labelled with its name. They are the
 * current connection's: when a connection is made again (the peer restarted, or the link failed and came back) its
 * counters start from zero, which Prometheus's {@code rate} and {@code increase} take as a counter reset, and
 * {@code spore_peer_connection_start_time_seconds} moves. A node that is not connected has no series.
 *
 * <p>Threading: the scraping thread; the statistics are safe from any thread and never block.
 */
final class PeerMetrics {
    static final MetricDefinition CONNECTION_START_TIME = gauge("spore_peer_connection_start_time_seconds",
        "When the connection to the node came up, in seconds since the epoch.", NODE, PEER);
    static final MetricDefinition SENT_MESSAGES = counter("spore_peer_sent_messages_total",
        "Plain messages (by pid or by name) sent to the node on this connection.", NODE, PEER);
    static final MetricDefinition RECEIVED_MESSAGES = counter("spore_peer_received_messages_total",
        "Plain messages (by pid or by name) read from the node on this connection.", NODE, PEER);
    static final MetricDefinition SENT_FRAMES = counter("spore_peer_sent_frames_total",
        "Frames of every kind sent to the node on this connection.", NODE, PEER);
    static final MetricDefinition RECEIVED_FRAMES = counter("spore_peer_received_frames_total",
        "Frames of every kind read from the node on this connection.", NODE, PEER);
    static final MetricDefinition SENT_BYTES = counter("spore_peer_sent_bytes_total",
        "Bytes of the frames sent to the node, without Aeron's headers.", NODE, PEER);
    static final MetricDefinition RECEIVED_BYTES = counter("spore_peer_received_bytes_total",
        "Bytes of the frames read from the node, without Aeron's headers.", NODE, PEER);
    static final MetricDefinition ROUND_TRIP = gauge("spore_peer_round_trip_seconds",
        "The round trip to the node last measured (a Ping sent with every fourth heartbeat, and its Pong); absent"
            + " until one came back.", NODE, PEER);

    /** Every metric of this class, in the README's order. */
    static final List<MetricDefinition> ALL = List.of(CONNECTION_START_TIME, SENT_MESSAGES, RECEIVED_MESSAGES,
        SENT_FRAMES, RECEIVED_FRAMES, SENT_BYTES, RECEIVED_BYTES, ROUND_TRIP);

    private static final double NANOS_PER_SECOND = 1e9;

    private PeerMetrics() {
    }

    /** Adds the samples of every peer of {@code statistics}, the transport of {@code node}. */
    static void collect(TransportStatistics statistics, String node, Samples samples) {
        for (PeerStats peer : statistics.peers()) {
            String name = peer.node().toString();
            samples.add(CONNECTION_START_TIME, peer.connectedSinceMs() / 1000.0, node, name);
            samples.add(SENT_MESSAGES, peer.messagesOut(), node, name);
            samples.add(RECEIVED_MESSAGES, peer.messagesIn(), node, name);
            samples.add(SENT_FRAMES, peer.framesOut(), node, name);
            samples.add(RECEIVED_FRAMES, peer.framesIn(), node, name);
            samples.add(SENT_BYTES, peer.bytesOut(), node, name);
            samples.add(RECEIVED_BYTES, peer.bytesIn(), node, name);
            if (peer.roundTripNs() != PeerStats.NOT_MEASURED) {
                samples.add(ROUND_TRIP, peer.roundTripNs() / NANOS_PER_SECOND, node, name);
            }
        }
    }
}
