package io.spore.transport;

import io.spore.core.spi.PeerSecurity;
import io.spore.core.spi.PeerStats;
import io.spore.transport.identity.VerifiedPeer;

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
    private final Collection<Association> connections;
    private final WireSecurity mode;
    private final PeerRefusals refusals;

    /**
     * @param connections the transport's connections, read when asked
     * @param mode        this node's wire security, which every connection of its has
     * @param refusals    what each peer's connections refused, which outlives them
     */
    PeerStatistics(Collection<Association> connections, WireSecurity mode, PeerRefusals refusals) {
        this.connections = connections;
        this.mode = mode;
        this.refusals = refusals;
    }

    /** @return the figures of every connection that is up now, sorted by node name */
    List<PeerStats> peers() {
        List<PeerStats> peers = new ArrayList<>();
        for (Association peer : connections) {
            PeerPublications out = peer.publications();
            long upSinceMs = peer.traffic.upSinceMs();
            if (!isUp(peer) || out == null || upSinceMs == 0) {
                continue; // still connecting, or gone meanwhile
            }
            PeerTraffic in = peer.traffic;
            long roundTripNs = in.roundTripNs();
            peers.add(new PeerStats(peer.name, upSinceMs, out.messagesWritten(), in.messagesRead(),
                out.framesWritten(), in.framesRead(), out.bytesWritten(), in.bytesRead(),
                roundTripNs == PeerTraffic.NOT_MEASURED ? PeerStats.NOT_MEASURED : roundTripNs));
        }
        peers.sort(Comparator.comparing(PeerStats::node));
        return peers;
    }

    /**
     * @return how every connection that is up now is protected, and what that peer's connections refused since this
     *         node started, sorted by node name
     */
    List<PeerSecurity> security() {
        List<PeerSecurity> peers = new ArrayList<>();
        for (Association peer : connections) {
            if (!isUp(peer)) {
                continue;
            }
            ConnectionSeal seal = peer.handshake.seal;
            VerifiedPeer verified = peer.handshake.verified;
            peers.add(new PeerSecurity(peer.name, mode.option(), seal == null ? "none" : seal.suite().name(),
                verified == null ? null : verified.subject(), verified == null ? null : verified.fingerprint(),
                refusals.badTag(peer.name), refusals.replay(peer.name), seal == null ? 0 : seal.rotations()));
        }
        peers.sort(Comparator.comparing(PeerSecurity::node));
        return peers;
    }

    private static boolean isUp(Association peer) {
        Association.State state = peer.state();
        return state == Association.State.UP || state == Association.State.FLUSHING;
    }
}
