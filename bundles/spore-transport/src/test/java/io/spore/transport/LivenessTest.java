package io.spore.transport;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detection rule, on a clock of the test's own. */
class LivenessTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HEARTBEAT = 300 * MS;
    private static final long DETECTION = 3000 * MS;

    @Test
    void aSteadyPeerIsDownOnlyOnceSilentForTheTimeoutPastItsNextHeartbeat() {
        Liveness liveness = new Liveness();
        long now = 1_000 * MS;
        liveness.established(now, HEARTBEAT);
        for (int i = 0; i < 20; i++) {
            now += HEARTBEAT;
            liveness.heard(now, HEARTBEAT);
        }
        assertTrue(liveness.expectedGapNs(HEARTBEAT) < HEARTBEAT + 5 * MS, "steady heartbeats: about one interval, "
            + liveness.describe());
        assertEquals(-1, liveness.silentTooLong(now + 3_290 * MS, HEARTBEAT, DETECTION));
        assertTrue(liveness.silentTooLong(now + 3_310 * MS, HEARTBEAT, DETECTION) > 0);
    }

    /** Peers connected at different times get their heartbeats at the same beats, one interval apart. */
    @Test
    void heartbeatsToAllPeersFallDueTogetherOnceAnInterval() {
        Liveness early = new Liveness();
        Liveness late = new Liveness();
        early.established(1_010 * MS, HEARTBEAT);
        late.established(1_170 * MS, HEARTBEAT);
        assertFalse(early.heartbeatDue(1_199 * MS, HEARTBEAT), "the first beat after both handshakes is at 1,200 ms");
        assertFalse(late.heartbeatDue(1_199 * MS, HEARTBEAT));
        assertTrue(early.heartbeatDue(1_200 * MS, HEARTBEAT));
        assertTrue(late.heartbeatDue(1_201 * MS, HEARTBEAT));
        assertFalse(early.heartbeatDue(1_499 * MS, HEARTBEAT));
        assertTrue(early.heartbeatDue(1_530 * MS, HEARTBEAT), "a late duty cycle sends it late");
        assertFalse(early.heartbeatDue(1_799 * MS, HEARTBEAT), "and does not move the beats after it");
        assertTrue(early.heartbeatDue(1_800 * MS, HEARTBEAT));
        assertEquals(-300 * MS, Liveness.nextBeatNs(-301 * MS, HEARTBEAT), "the monotonic clock may be negative");
        assertEquals(0, Liveness.nextBeatNs(-1, HEARTBEAT));
    }

    /**
     * The measurement: a 2.5 s cut of an idle link took nodes down, since silence was counted from the last
     * frame. The worst case now: the cut begins just before a heartbeat was due and ends 2.5 s later; the first
     * heartbeat after it comes up to one interval later still.
     */
    @Test
    void anIdleLinkSurvivesAnOutageShorterThanTheTimeoutLessOneHeartbeat() {
        Liveness liveness = new Liveness();
        long heard = 0;
        liveness.established(heard, HEARTBEAT);
        for (int i = 0; i < 10; i++) {
            heard += HEARTBEAT;
            liveness.heard(heard, HEARTBEAT);
        }
        long cutBegins = heard + HEARTBEAT - 1;
        long firstHeartbeatAfter = cutBegins + 2_500 * MS + HEARTBEAT;
        assertEquals(-1, liveness.silentTooLong(firstHeartbeatAfter, HEARTBEAT, DETECTION),
            "still up when the first heartbeat after the outage arrives");
        liveness.heard(firstHeartbeatAfter, HEARTBEAT);
        assertEquals(-1, liveness.silentTooLong(firstHeartbeatAfter + HEARTBEAT, HEARTBEAT, DETECTION));
    }

    @Test
    void irregularHeartbeatsEarnUpToOneMoreIntervalOfGrace() {
        Liveness liveness = new Liveness();
        long now = 0;
        liveness.established(now, HEARTBEAT);
        for (int i = 0; i < 40; i++) {
            now += (i % 2 == 0 ? 200 : 450) * MS;
            liveness.heard(now, HEARTBEAT);
        }
        long expected = liveness.expectedGapNs(HEARTBEAT);
        assertTrue(expected > HEARTBEAT && expected <= 2 * HEARTBEAT, "grace for jitter, bounded: " + expected);
        for (int i = 0; i < 40; i++) {
            now += 3_000 * MS; // outages make the measured gap long; detection stays bounded all the same
            liveness.heard(now, HEARTBEAT);
        }
        assertEquals(2 * HEARTBEAT, liveness.expectedGapNs(HEARTBEAT));
        assertTrue(liveness.silentTooLong(now + DETECTION + 2 * HEARTBEAT + MS, HEARTBEAT, DETECTION) > 0,
            "never later than the timeout plus two intervals");
    }

    @Test
    void busyLinksDoNotSkewTheMeasurement() {
        Liveness liveness = new Liveness();
        long now = 0;
        liveness.established(now, HEARTBEAT);
        for (int i = 0; i < 10_000; i++) {
            now += MS / 10; // a frame every 100 µs: traffic, not heartbeats
            liveness.heard(now, HEARTBEAT);
        }
        assertEquals(HEARTBEAT, liveness.expectedGapNs(HEARTBEAT), "only idle gaps are measured");
        assertEquals("not measured", liveness.describe());
    }
}
