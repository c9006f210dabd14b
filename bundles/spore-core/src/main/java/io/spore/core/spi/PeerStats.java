package io.spore.core.spi;

import io.spore.api.NodeName;

import java.util.Objects;

/**
 * What this node exchanged with one connected node over the connection that is up now, and how quickly that node
 * answers: the figures per peer of {@link TransportStatistics#peers()}. A connection that is made again (the peer
 * restarted, or the link failed and came back) starts from zero, as a new connection; {@code connectedSinceMs}
 * tells which one the figures are of.
 *
 * <p>"Out" is what the transport accepted for the peer (a frame staged in a batch counts when staged), "in" what it
 * read from the peer once the handshake had completed. Frames are every frame on the connection: messages, calls,
 * replies, signals, heartbeats. Messages are the plain sends by pid or by name, as the two ends compare them when a
 * connection fails ({@code lostInFlight}); important sends, calls and signals count as frames only.
 *
 * @param node             the other node
 * @param connectedSinceMs when the connection came up, in milliseconds since the epoch
 * @param messagesOut      plain messages sent to the node
 * @param messagesIn       plain messages read from the node
 * @param framesOut        frames sent to the node
 * @param framesIn         frames read from the node
 * @param bytesOut         bytes of the frames sent (without Aeron's headers)
 * @param bytesIn          bytes of the frames read (without Aeron's headers)
 * @param roundTripNs      the round trip the transport measured last (a Ping the node answered with a Pong, sent
 *                         every few heartbeats), in nanoseconds; {@link #NOT_MEASURED} until the first came back
 */
public record PeerStats(NodeName node, long connectedSinceMs, long messagesOut, long messagesIn, long framesOut,
                        long framesIn, long bytesOut, long bytesIn, long roundTripNs) {
    /** What {@link #roundTripNs()} is before a round trip has been measured. */
    public static final long NOT_MEASURED = -1;

    /**
     * Checks the node.
     *
     * @param node             the other node, not {@code null}
     * @param connectedSinceMs when the connection came up
     * @param messagesOut      plain messages sent
     * @param messagesIn       plain messages read
     * @param framesOut        frames sent
     * @param framesIn         frames read
     * @param bytesOut         bytes sent
     * @param bytesIn          bytes read
     * @param roundTripNs      the last round trip, or {@link #NOT_MEASURED}
     */
    public PeerStats {
        Objects.requireNonNull(node, "node");
    }
}
