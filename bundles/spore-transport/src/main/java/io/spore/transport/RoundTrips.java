package io.spore.transport;

import java.util.concurrent.TimeUnit;

/**
 * Times the round trip to each connected peer: with every few heartbeats the agent sends a Ping of its own on the
 * control stream, and the peer's Pong, which echoes the Ping's send time, gives the round trip with no table to keep.
 * Every node answers every Ping (the wire has always said so), so an older peer is timed too.
 *
 * <p>Why a Ping and not the heartbeats: a heartbeat is not answered, and the heartbeats of the two sides are not
 * paired. What is measured is what a call with an empty payload would see from the transport: the network, both
 * media drivers, and the peer's receiving thread (idling included), without the processes.
 *
 * <p>The probes' correlation id is negative, so it is never one of {@link Confirmations}' (which start at zero and
 * grow): their Pongs are told apart before Confirmations sees them, and Confirmations' never come here.
 *
 * <p>Threading: the receive agent's thread (probes) and whichever thread does the receiving work (Pongs).
 */
final class RoundTrips {
    /** The correlation id of the probes' Pings. */
    static final long PROBE_ID = -1;
    /** A probe goes with every this many heartbeats: about 1.2 s with the default interval. */
    static final int HEARTBEATS_PER_PROBE = 4;
    /** A Pong that took longer than this (or came back before it was sent) is not believed: not a probe of ours. */
    static final long MAX_ROUND_TRIP_NS = TimeUnit.MINUTES.toNanos(1);

    private RoundTrips() {
    }

    /**
     * Agent, right after the heartbeat numbered {@code sequence} went to {@code peer}: sends a probe with it when one
     * is due, and with every heartbeat until a first round trip is known (the connecting side's first heartbeat
     * goes with the handshake, without one). A probe that does not fit now is not worth keeping, as a heartbeat is
     * not: the next one follows.
     */
    static void probeIfDue(Association peer, long sequence, FrameWriter writer, long nowNs) {
        if (sequence % HEARTBEATS_PER_PROBE == 0 || peer.traffic.roundTripNs() == PeerTraffic.NOT_MEASURED) {
            peer.offerOnce(PeerPublications.CONTROL, writer.buffer(), writer.ping(PROBE_ID, nowNs));
        }
    }

    /**
     * Receiving thread: a Pong from {@code peer}.
     *
     * @return whether it answered a probe (and the round trip was taken, if it is believable); when not, it is
     *         {@link Confirmations}' to look at
     */
    static boolean onPong(Association peer, long correlationId, long sentTimeNs, long nowNs) {
        if (correlationId != PROBE_ID) {
            return false;
        }
        long roundTripNs = nowNs - sentTimeNs;
        if (roundTripNs >= 0 && roundTripNs <= MAX_ROUND_TRIP_NS) {
            peer.traffic.roundTrip(roundTripNs);
        }
        return true;
    }
}
