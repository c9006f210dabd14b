package io.spore.transport;

import io.spore.core.spi.PeerStats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The figures per connected peer that tools read ({@link PeerStats}), put together when asked from the counts the
 * connection keeps: what its publications accepted ({@link SentFrames}, {@link PeerPublications#messagesWritten})
 * and what the receiving thread read from it ({@link PeerTraffic}). Nothing is counted here and nothing polls: a
 * scrape reads the counts as they are.
 *
 * <p>Threading: any thread; each count is read on its own, so one entry is not an atomic snapshot.
 */
final class PeerStatistics {
    private PeerStatistics() {
    }

    /** @return the figures of every connection of {@code connections} that is up now, sorted by node name */
    static List<PeerStats> of(Collection<Association> connections) {
        List<PeerStats> peers = new ArrayList<>();
        for (Association peer : connections) {
            Association.State state = peer.state();
            PeerPublications out = peer.publications();
            long upSinceMs = peer.traffic.upSinceMs();
            if (state != Association.State.UP && state != Association.State.FLUSHING || out == null || upSinceMs == 0) {
                continue; // still connecting, or gone meanwhile
            }
            PeerTraffic in = peer.traffic;
            long roundTripNs = in.roundTripNs();
            peers.add(new PeerStats(peer.name, upSinceMs, out.messagesWritten().getOpaque(), in.messagesRead(),
                out.framesWritten(), in.framesRead(), out.bytesWritten(), in.bytesRead(),
                roundTripNs == PeerTraffic.NOT_MEASURED ? PeerStats.NOT_MEASURED : roundTripNs));
        }
        peers.sort(Comparator.comparing(PeerStats::node));
        return peers;
    }
}
