package io.spore.transport;

import io.spore.transport.seal.Rejection;
import io.spore.wire.sbe.GoodbyeReason;

/**
 * Ends a sealed connection one of whose messages did not open. Such a message is never read, but dropping it is not
 * enough: Aeron rebuilds each stream by position and keeps the first bytes it gets for a position, so a frame
 * injected where the peer writes next displaces the peer's real frame, which Aeron then drops as a duplicate, and the
 * stream never lines up again (it stalls while the connection looks up). A refusal on an established connection
 * therefore means that stream is broken: the connection ends with that reason, the peer is told with a goodbye, the
 * senders on both sides learn it as for any node down (what was in flight is counted as in doubt, see
 * {@link PriorConnections}), and the next send connects again on fresh sessions.
 *
 * <p>So an attacker who can see the traffic and spoof packets can make connections form again, as one who can drop
 * packets can stop them; it cannot make a node accept a frame, nor make a stream stall unnoticed.
 *
 * <p>Threading: the thread doing the receiving work, under the agent's receive lock.
 */
final class BrokenStreams {
    private static final System.Logger LOG = System.getLogger(BrokenStreams.class.getName());

    private final String self;
    private final Connections connections;
    private final TransportCounters counters;

    BrokenStreams(String self, Connections connections, TransportCounters counters) {
        this.self = self;
        this.connections = connections;
        this.counters = counters;
    }

    /**
     * A message from {@code peer} was refused with {@code code}: counts it by why and ends the connection.
     *
     * @param control whether it came on the control stream (else the data stream)
     */
    void refused(Association peer, int code, boolean control) {
        counters.sealRejected(code);
        counters.refusalsByPeer.refused(peer.name, Rejection.of(code));
        if (peer.isDown()) {
            return;
        }
        String why = "a message on " + peer.name + "'s " + (control ? "control" : "data") + " stream did not open ("
            + Rejection.of(code) + "), so that stream is broken; connecting again";
        LOG.log(System.Logger.Level.WARNING, () -> self + " ends its connection to " + peer.name + ": " + why);
        connections.down(peer, why, false, GoodbyeReason.PROTOCOL_ERROR);
    }
}
