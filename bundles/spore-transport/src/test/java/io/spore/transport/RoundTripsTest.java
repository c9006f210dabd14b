package io.spore.transport;

import io.spore.api.NodeName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes' Pongs: told apart from Confirmations' by their id, and believed only when they make sense. */
class RoundTripsTest {
    private final Association peer = new Association(NodeName.parse("b@localhost"), Association.Role.CLIENT, null);

    @Test
    void aProbesPongGivesTheRoundTrip() {
        long sentNs = 1_000_000_000L;
        assertEquals(PeerTraffic.NOT_MEASURED, peer.traffic.roundTripNs());
        assertTrue(RoundTrips.onPong(peer, RoundTrips.PROBE_ID, sentNs, sentNs + 42_000));
        assertEquals(42_000, peer.traffic.roundTripNs());
    }

    @Test
    void anotherPongIsLeftToConfirmations() {
        assertFalse(RoundTrips.onPong(peer, 12_345, 0, 1_000));
        assertFalse(RoundTrips.onPong(peer, 0, 0, 1_000));
        assertEquals(PeerTraffic.NOT_MEASURED, peer.traffic.roundTripNs());
    }

    @Test
    void aProbesPongFromTheFutureOrLongAgoIsNotBelieved() {
        long nowNs = TimeUnit.HOURS.toNanos(5);
        assertTrue(RoundTrips.onPong(peer, RoundTrips.PROBE_ID, nowNs + 1, nowNs));
        assertTrue(RoundTrips.onPong(peer, RoundTrips.PROBE_ID, nowNs - TimeUnit.MINUTES.toNanos(2), nowNs));
        assertEquals(PeerTraffic.NOT_MEASURED, peer.traffic.roundTripNs(), "neither is a round trip");
        assertTrue(RoundTrips.onPong(peer, RoundTrips.PROBE_ID, nowNs - 7, nowNs));
        assertEquals(7, peer.traffic.roundTripNs());
    }
}
