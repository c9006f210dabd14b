package io.spore.metrics;

import io.spore.core.spi.TransportStatistics;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The frames a transport dropped as malformed for a reason other than size: its {@code malformedFrames} counter less
 * its {@code oversizedMessages}, since the transport counts an oversized message under both and the
 * {@code rejected_frames} metric must count each dropped frame under one reason.
 *
 * <p>The two counters are read one after the other while frames arrive: an oversized frame counted between the two
 * reads makes the difference one too low, which Prometheus would take for a counter reset. So the figure never goes
 * below what was last given for the same transport; a restarted transport (a new statistics object) starts again
 * from its own counters. The figures of a transport that is gone are forgotten with it.
 *
 * <p>Threading: any number of scrapes at once.
 */
final class MalformedOnly {
    private final Map<TransportStatistics, Long> given = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param statistics the transport the counters are of
     * @param malformed  its {@code malformedFrames}
     * @param oversized  its {@code oversizedMessages}, or {@code null} if it has no such counter
     * @return the malformed frames that were not oversized, never less than the last figure for {@code statistics}
     */
    long of(TransportStatistics statistics, long malformed, Long oversized) {
        long difference = Math.max(0, malformed - (oversized == null ? 0 : oversized));
        return given.merge(statistics, difference, Math::max);
    }
}
