package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.transport.discovery.NodeDiscovery;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The built-in provider {@value #NAME}: the {@link StaticRoutes} of the configuration. It knows only the routed nodes;
 * their addresses stay unresolved, so a host name may change its address without a restart.
 *
 * <p>Thread-safe: immutable.
 */
public final class RoutesDiscovery implements NodeDiscovery {
    /** Its name in {@code spore.discovery.order}. */
    public static final String NAME = "routes";

    private final StaticRoutes routes;

    /** @param routes the configured routes */
    public RoutesDiscovery(StaticRoutes routes) {
        this.routes = routes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<InetSocketAddress> resolve(NodeName node) {
        return routes.route(node).map(List::of).orElse(List.of());
    }
}
