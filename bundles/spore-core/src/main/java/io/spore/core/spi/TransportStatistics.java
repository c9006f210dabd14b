package io.spore.core.spi;

import java.util.List;
import java.util.Map;

/**
 * The counters of a running transport, by name, for administration tools. The transport bundle publishes one as
 * an OSGi service with the {@code spore.node.name} property while it runs, so that a tool reads them without
 * depending on the transport bundle: the dependency stays core &lt;- transport and core &lt;- tools.
 *
 * <p>Names are stable camelCase words ({@code bytesIn}, {@code backPressureEvents}, ...); values only grow.
 * Threading: any thread; never blocks.
 */
public interface TransportStatistics {
    /** Statistics of a router that counts nothing. */
    TransportStatistics NONE = new TransportStatistics() {
        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }

        @Override
        public TrafficStats traffic() {
            return TrafficStats.NONE;
        }
    };

    /** @return every counter by name, in a stable order */
    Map<String, Long> counters();

    /**
     * @return the node's traffic with other nodes by kind, counted once by the transport as frames of each type
     *         leave and arrive: what {@link NodeMonitoring#traffic()} reports while this transport is attached
     */
    TrafficStats traffic();

    /**
     * The nodes connected now, with what was exchanged with each over its current connection; a node that is being
     * connected to, or whose connection went down, is not among them.
     *
     * @return one entry per connected node, sorted by node name; empty for a transport that does not count per peer
     * @since 2.3.0
     */
    default List<PeerStats> peers() {
        return List.of();
    }

    /**
     * How the connection to each connected node is protected, and what it refused.
     *
     * @return one entry per connected node, sorted by node name; empty for a transport that does not say
     * @since 2.4.0
     */
    default List<PeerSecurity> peerSecurity() {
        return List.of();
    }
}
