package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.transport.seal.Rejection;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each peer's sealed connections refused since this node started, over every connection with that peer. A
 * refusal ends the connection it came on ({@link BrokenStreams}), so a count kept by the connection would be gone
 * with it; tools show these beside the connection that replaced it.
 *
 * <p>Only peers that completed a handshake are named here, and at most {@link #MAX_PEERS} of them: past that, a new
 * peer's refusals are counted node-wide only ({@link TransportCounters#rejectedBadTag()}), never lost from the totals.
 *
 * <p>Threading: recorded by the receiving thread, read by any.
 */
final class PeerRefusals {
    /** Peers remembered; a node talks to far fewer, and each entry is a few dozen bytes. */
    static final int MAX_PEERS = 4096;

    private final ConcurrentHashMap<NodeName, Counts> byPeer = new ConcurrentHashMap<>();

    private static final class Counts {
        final AtomicLong badTag = new AtomicLong();
        final AtomicLong replay = new AtomicLong();
    }

    /** One message from {@code peer} was refused for {@code rejection}. */
    void refused(NodeName peer, Rejection rejection) {
        Counts counts = byPeer.get(peer);
        if (counts == null) {
            if (byPeer.size() >= MAX_PEERS) {
                return;
            }
            counts = byPeer.computeIfAbsent(peer, name -> new Counts());
        }
        (rejection.isReplay() ? counts.replay : counts.badTag).incrementAndGet();
    }

    /** @return messages from {@code peer} that did not prove authentic, since this node started */
    long badTag(NodeName peer) {
        Counts counts = byPeer.get(peer);
        return counts == null ? 0 : counts.badTag.get();
    }

    /** @return messages from {@code peer} refused as replays, since this node started */
    long replay(NodeName peer) {
        Counts counts = byPeer.get(peer);
        return counts == null ? 0 : counts.replay.get();
    }
}
