package io.spore.shell;

import io.spore.core.spi.PeerSecurity;
import io.spore.core.spi.PeerStats;
import io.spore.core.spi.TransportStatistics;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code spore:nodes}: the nodes connected now, one row each: how the connection is protected (wire security and
 * suite), whom the peer proved to be (its certificate's subject, or {@code cookie} when only the cookie proved it),
 * what that node's connections refused since this node started (messages that did not prove authentic, replays),
 * how often its keys rotated, its last round trip, and the messages exchanged. What JMX shows per peer, for the shell.
 *
 * <p>Never throws: without a transport it prints one line saying so.
 */
final class NodesCommand implements Function {
    static final String NAME = "nodes";

    private final Supplier<TransportStatistics> transport;

    NodesCommand(Supplier<TransportStatistics> transport) {
        this.transport = transport;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        PrintStream out = System.out;
        TransportStatistics statistics = transport.get();
        if (statistics == null) {
            out.println(NAME + " failed: no transport runs in this framework (check with lb that io.spore.transport"
                + " is active)");
            return null;
        }
        Map<Object, PeerStats> traffic = statistics.peers().stream()
            .collect(Collectors.toMap(PeerStats::node, p -> p, (x, y) -> y));
        Table table = new Table().row("NODE", "SECURITY", "SUITE", "IDENTITY", "REJECTED", "REPLAYS", "ROTATIONS",
            "RTT_US", "MSGS_OUT", "MSGS_IN");
        List<PeerSecurity> peers = statistics.peerSecurity();
        for (PeerSecurity peer : peers) {
            PeerStats stats = traffic.get(peer.node());
            table.row(peer.node(), peer.wireSecurity(), peer.suite(),
                peer.identity() == null ? "cookie" : peer.identity() + " (" + peer.fingerprint() + ")",
                peer.rejectedBadTag(), peer.rejectedReplay(), peer.keyRotations(),
                stats == null || stats.roundTripNs() == PeerStats.NOT_MEASURED ? null : stats.roundTripNs() / 1000,
                stats == null ? null : stats.messagesOut(), stats == null ? null : stats.messagesIn());
        }
        if (peers.isEmpty()) {
            out.println("no node is connected");
        } else {
            table.print(out);
        }
        return null;
    }
}
