package io.spore.transport;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The longest the transport agent may doze now ({@link Doze#parking}): the rest of a helper's grace while one lasts
 * (the agent leaves the polls to the helper then, and a helper that stops helping wakes nobody); a millisecond while
 * a connection waits for the media driver to take a frame, or while a peer's data is not read for a full mailbox
 * (nothing tells the agent when the process has taken enough); with connections, until the next heartbeats are due
 * ({@link Liveness#nextBeatNs}: they are due together); otherwise no bound beyond the doze's own.
 *
 * <p>Why the driver's waits: the driver wakes a dozing agent only when a peer's data arrives, not for Aeron's own
 * heartbeats and status messages (which came 80 times a second on a node with four idle peers, each a wake for
 * nothing). A status message is also what lets a frame into a publication that was not connected or was
 * back-pressured; an agent holding such a frame (in an outbox, a connection's queue or a batch) retries each
 * millisecond instead, as it did when it only ever parked.
 *
 * <p>Threading: the agent's thread only (it is called from the agent's idle strategy).
 */
final class AgentDozeBound implements LongSupplier {
    /** The doze while the agent waits for something no wake announces: a backoff's longest park. */
    static final long WAITING_NS = WakeableIdleStrategy.AWAKE_DOZE_NS;

    private final TransportAgent agent;
    private final Connections connections;

    /**
     * @param agent       the agent, whose helpers' grace and paused reads are looked at
     * @param connections the node's connections, whose outboxes and flushes are looked at
     */
    AgentDozeBound(TransportAgent agent, Connections connections) {
        this.agent = agent;
        this.connections = connections;
    }

    @Override
    public long getAsLong() {
        long grace = agent.helperGraceLeftNs();
        if (grace > 0) {
            return grace;
        }
        List<Association> peers = connections.active();
        if (agent.readsPaused() || waitsOnDriver(peers)) {
            return WAITING_NS;
        }
        if (peers.isEmpty()) {
            return 0;
        }
        long nowNs = System.nanoTime();
        return Math.max(1, Liveness.nextBeatNs(nowNs, connections.times().heartbeatNs()) - nowNs);
    }

    /**
     * @return whether a connection holds a frame the driver has not taken yet: in the agent's outbox, in a queue
     *         being flushed, or staged in a batch (one staged for longer than due no longer keeps the agent yielding,
     *         {@link StagedFlushes#flush}: the peer back-pressures, or a sender held the batch's lock when the agent
     *         came; such a batch waited for the agent's whole doze, up to 100 ms)
     */
    static boolean waitsOnDriver(List<Association> peers) {
        for (int i = 0; i < peers.size(); i++) {
            Association peer = peers.get(i);
            if (!peer.outboxEmpty() || peer.state() == Association.State.FLUSHING) {
                return true;
            }
            PeerPublications publications = peer.publications();
            if (publications != null && publications.hasStaged()) {
                return true;
            }
        }
        return false;
    }
}
