package io.spore.metrics;

import io.spore.api.NodeName;
import io.spore.core.spi.PeerStats;
import io.spore.core.spi.TrafficStats;
import io.spore.core.spi.TransportStatistics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A transport's statistics with every counter a running transport has, each set to a value of the test's. */
final class FakeTransport implements TransportStatistics {
    /** The counters of {@code TransportCounters.snapshot()}, by name, in its order. */
    static final List<String> COUNTERS = List.of("framesOut", "bytesOut", "framesIn", "bytesIn", "batchesOut",
        "malformedFrames", "unauthenticatedFrames", "failedHandshakes", "backPressureEvents", "backPressureFailures",
        "pendingFull", "droppedUnreachable", "duplicatesDropped", "connectionsUp", "connectionsDown", "errors",
        "oversizedMessages", "rejectedSessions", "refusedHandshakes", "readPauses", "staleSessionNotices",
        "staleSessionsDropped", "staleNoticesIgnored", "lostInFlight", "unconfirmedInFlight", "largeStreamTimeouts");

    final Map<String, Long> counters = new LinkedHashMap<>();
    List<PeerStats> peers = List.of();

    /** Every counter, numbered from 1 in {@link #COUNTERS}' order. */
    FakeTransport() {
        for (int i = 0; i < COUNTERS.size(); i++) {
            counters.put(COUNTERS.get(i), i + 1L);
        }
    }

    /** @return a peer whose figures are {@code base}, {@code base + 1}, ... and a round trip of 1.5 ms */
    static PeerStats peer(String name, long base) {
        return new PeerStats(NodeName.parse(name), 1_700_000_000_000L, base, base + 1, base + 2, base + 3, base + 4,
            base + 5, 1_500_000);
    }

    @Override
    public Map<String, Long> counters() {
        return counters;
    }

    @Override
    public TrafficStats traffic() {
        return TrafficStats.NONE;
    }

    @Override
    public List<PeerStats> peers() {
        return peers;
    }
}
