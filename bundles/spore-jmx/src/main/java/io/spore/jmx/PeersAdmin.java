package io.spore.jmx;

import io.spore.core.spi.PeerSecurity;
import io.spore.core.spi.PeerStats;
import io.spore.core.spi.TransportStatistics;

import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The {@link PeersMBean} of one node: its connections, read from its transport's statistics when asked. */
final class PeersAdmin implements PeersMBean {
    static final CompositeType ROW = OpenTypes.composite("io.spore.Peer", "one connected node",
        new String[] {"node", "wireSecurity", "suite", "identity", "fingerprint", "rejectedBadTag", "rejectedReplay",
            "keyRotations", "roundTripMicros", "messagesOut", "messagesIn", "connectedSince"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
            SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
            SimpleType.LONG, SimpleType.STRING});
    static final TabularType TABLE = OpenTypes.table("io.spore.Peers", "the nodes connected to a node", ROW, "node");

    private final Supplier<TransportStatistics> transport;

    /** @param transport the node's transport's statistics, {@code null} while none runs */
    PeersAdmin(Supplier<TransportStatistics> transport) {
        this.transport = transport;
    }

    /** @return this as an Open MBean */
    OpenBean bean() {
        return new OpenBean(this, PeersMBean.class, new NotificationBroadcasterSupport(),
            "The nodes connected to a Spore node, and how each connection is protected", Map.of("Peers", TABLE),
            Map.of(), new MBeanNotificationInfo[0]);
    }

    @Override
    public TabularData getPeers() {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        TransportStatistics statistics = transport.get();
        if (statistics == null) {
            return table;
        }
        Map<Object, PeerStats> traffic = statistics.peers().stream()
            .collect(Collectors.toMap(PeerStats::node, Function.identity(), (x, y) -> y));
        for (PeerSecurity peer : statistics.peerSecurity()) {
            PeerStats stats = traffic.get(peer.node());
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("node", peer.node().toString());
            values.put("wireSecurity", peer.wireSecurity());
            values.put("suite", peer.suite());
            values.put("identity", peer.identity() == null ? "cookie" : peer.identity());
            values.put("fingerprint", OpenTypes.text(peer.fingerprint()));
            values.put("rejectedBadTag", peer.rejectedBadTag());
            values.put("rejectedReplay", peer.rejectedReplay());
            values.put("keyRotations", peer.keyRotations());
            values.put("roundTripMicros", stats == null || stats.roundTripNs() == PeerStats.NOT_MEASURED ? -1L
                : stats.roundTripNs() / 1000);
            values.put("messagesOut", stats == null ? 0L : stats.messagesOut());
            values.put("messagesIn", stats == null ? 0L : stats.messagesIn());
            values.put("connectedSince", stats == null ? "" : Instant.ofEpochMilli(stats.connectedSinceMs()).toString());
            table.put(OpenTypes.row(ROW, values));
        }
        return table;
    }
}
