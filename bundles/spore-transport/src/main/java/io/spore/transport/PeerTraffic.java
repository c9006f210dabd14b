package io.spore.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one connection has read from its peer, when it came up, and how long the peer took to answer lately: the
 * receiving half of the per-peer figures tools read ({@link PeerStatistics}); the publications count the sending half.
 *
 * <p>Why its own counts beside the transport's {@link Tally tallies}: those are per thread and count every peer
 * together. These are counted where the peer is known anyway (the frame's session has just been looked up), by the
 * one thread that does the receiving work at a time, with a plain add and an opaque store: no atomic
 * read-modify-write on the per-frame path, as in a tally.
 *
 * <p>Threading: written by whichever thread does the receiving work (the receive lock makes it one at a time); read
 * from any thread, lagging the writer by a few counts at most.
 */
final class PeerTraffic {
    /** What {@link #roundTripNs()} says before the first Pong to a probe came back. */
    static final long NOT_MEASURED = -1;

    private static final VarHandle MESSAGES_READ;
    private static final VarHandle FRAMES_READ;
    private static final VarHandle BYTES_READ;
    private static final VarHandle ROUND_TRIP_NS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MESSAGES_READ = lookup.findVarHandle(PeerTraffic.class, "messagesRead", long.class);
            FRAMES_READ = lookup.findVarHandle(PeerTraffic.class, "framesRead", long.class);
            BYTES_READ = lookup.findVarHandle(PeerTraffic.class, "bytesRead", long.class);
            ROUND_TRIP_NS = lookup.findVarHandle(PeerTraffic.class, "roundTripNs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Messages as {@link MessageFrames} counts them: what heartbeats and PriorConnection report to the peer. */
    private long messagesRead;
    private long framesRead;
    private long bytesRead;
    private long roundTripNs = NOT_MEASURED;
    private volatile long upSinceMs;

    /** Receiving thread: one more plain message (by pid or by name) read from the peer. */
    void messageRead() {
        MESSAGES_READ.setOpaque(this, messagesRead + 1);
    }

    /** Receiving thread: a frame of {@code length} bytes from the peer, which completed its handshake, arrived. */
    void frameRead(int length) {
        FRAMES_READ.setOpaque(this, framesRead + 1);
        BYTES_READ.setOpaque(this, bytesRead + length);
    }

    /** Receiving thread: a probe's Pong came back after {@code roundTripNs}. */
    void roundTrip(long roundTripNs) {
        ROUND_TRIP_NS.setOpaque(this, roundTripNs);
    }

    /** Agent: the connection came up now. */
    void up(long nowMs) {
        upSinceMs = nowMs;
    }

    /** @return the plain messages read from the peer on this connection */
    long messagesRead() {
        return (long) MESSAGES_READ.getOpaque(this);
    }

    /** @return the frames read from the peer on this connection once it had completed its handshake */
    long framesRead() {
        return (long) FRAMES_READ.getOpaque(this);
    }

    /** @return the bytes of those frames */
    long bytesRead() {
        return (long) BYTES_READ.getOpaque(this);
    }

    /** @return the round trip the last probe measured, or {@link #NOT_MEASURED} */
    long roundTripNs() {
        return (long) ROUND_TRIP_NS.getOpaque(this);
    }

    /** @return when the connection came up, in milliseconds since the epoch; 0 while it has not */
    long upSinceMs() {
        return upSinceMs;
    }
}
