package io.spore.transport;

import java.util.concurrent.TimeUnit;

/**
 * When a connected peer counts as gone, and when this node's next heartbeat to it is due.
 *
 * <p>The rule: a peer is down once it has been silent for the detection timeout <em>counted from when its next
 * heartbeat was due</em>, not from its last frame. On an idle link the last frame is up to one heartbeat interval old
 * when an outage begins, so counting from it would make a cut a little shorter than the timeout take the node down;
 * counting from the due heartbeat, a link survives any outage shorter than the detection timeout less one heartbeat
 * interval (2.7 s with the defaults).
 *
 * <p>When the next heartbeat is due is measured, not assumed: the gaps between frames on an otherwise idle link (those
 * of at least half a heartbeat interval) are smoothed as TCP smooths round trips (RFC 6298: a mean and a mean
 * deviation, gains 1/8 and 1/4), and the heartbeat is expected within the mean plus four deviations, at least one
 * interval and at most two. A peer whose heartbeats arrive late or irregularly (a busy host, a JVM that pauses now and
 * then) so gets up to one more interval of grace, and a steady one none; detection never takes more than the timeout
 * plus two intervals.
 *
 * <p>Threading: the receive agent's thread only.
 */
final class Liveness {
    private long lastHeardNs;
    private long nextHeartbeatNs;
    /** Smoothed gap between frames on an idle link, and its mean deviation; 0 until the first is measured. */
    private long smoothedGapNs;
    private long gapDeviationNs;

    /**
     * The handshake completed at {@code nowNs}: the peer counts as heard, and the first heartbeat is due at the next
     * beat ({@link #nextBeatNs}).
     */
    void established(long nowNs, long heartbeatNs) {
        lastHeardNs = nowNs;
        nextHeartbeatNs = nextBeatNs(nowNs, heartbeatNs);
    }

    /**
     * The first beat after {@code nowNs}: heartbeats fall on multiples of the interval on the monotonic clock, so a
     * node's heartbeats to all its peers are due together and an idle agent wakes once per interval for them, not once
     * per peer (and nodes on one host, which share that clock, beat together too). A peer's first heartbeat may so
     * come early, which costs nothing: any frame counts as heard.
     */
    static long nextBeatNs(long nowNs, long heartbeatNs) {
        return (Math.floorDiv(nowNs, heartbeatNs) + 1) * heartbeatNs;
    }

    /** A frame arrived from the peer at {@code nowNs}. */
    void heard(long nowNs, long heartbeatNs) {
        long gapNs = nowNs - lastHeardNs;
        if (gapNs >= heartbeatNs / 2) {
            measure(gapNs);
        }
        lastHeardNs = nowNs;
    }

    private void measure(long gapNs) {
        if (smoothedGapNs == 0) {
            smoothedGapNs = gapNs;
            gapDeviationNs = gapNs / 2;
        } else {
            gapDeviationNs += (Math.abs(smoothedGapNs - gapNs) - gapDeviationNs) / 4;
            smoothedGapNs += (gapNs - smoothedGapNs) / 8;
        }
    }

    /** @return how long after the last frame the peer's next heartbeat is expected: one to two intervals */
    long expectedGapNs(long heartbeatNs) {
        long measured = smoothedGapNs == 0 ? heartbeatNs : smoothedGapNs + 4 * gapDeviationNs;
        return Math.min(2 * heartbeatNs, Math.max(heartbeatNs, measured));
    }

    /** @return when the peer was last heard from */
    long lastHeardNs() {
        return lastHeardNs;
    }

    /**
     * @return how long the peer has been silent, when that is longer than its expected heartbeat gap plus
     *         {@code detectionNs}; else -1
     */
    long silentTooLong(long nowNs, long heartbeatNs, long detectionNs) {
        long silentNs = nowNs - lastHeardNs;
        return silentNs > expectedGapNs(heartbeatNs) + detectionNs ? silentNs : -1;
    }

    /** @return whether this node's heartbeat to the peer is due at {@code nowNs}; if so, the next is scheduled */
    boolean heartbeatDue(long nowNs, long heartbeatNs) {
        if (nowNs - nextHeartbeatNs < 0) {
            return false;
        }
        nextHeartbeatNs = nextBeatNs(nowNs, heartbeatNs);
        return true;
    }

    /** @return the measured heartbeat gap, for a log line: "about 300 ms ± 12 ms", or "not measured" */
    String describe() {
        return smoothedGapNs == 0 ? "not measured" : "about " + TimeUnit.NANOSECONDS.toMillis(smoothedGapNs)
            + " ms ± " + TimeUnit.NANOSECONDS.toMillis(gapDeviationNs) + " ms";
    }
}
