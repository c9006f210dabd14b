package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Addresses of nodes given in configuration rather than looked up: {@code name@host → address:port}. They take
 * precedence over the name service, for hosts that run none or networks where its port is closed.
 *
 * <p>Immutable and thread-safe. Addresses are kept unresolved and resolved when used, so a host name may change
 * its address without a restart.
 */
public final class StaticRoutes {
    /** No static routes. */
    public static final StaticRoutes NONE = new StaticRoutes(Map.of());

    private final Map<NodeName, InetSocketAddress> routes;

    private StaticRoutes(Map<NodeName, InetSocketAddress> routes) {
        this.routes = routes;
    }

    /**
     * Parses routes written {@code name@host=address:port}, separated by commas or white space, for example
     * {@code a@alpha=10.0.0.5:7000, b@beta=beta.example.org:7001}. An IPv6 address goes in brackets.
     *
     * @param spec the routes, or {@code null} or blank for none
     * @return the routes
     * @throws SporeException {@code INVALID_ARGUMENT} naming the first entry that is not of that form, or a node
     *                        given twice
     */
    public static StaticRoutes parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<NodeName, InetSocketAddress> routes = new LinkedHashMap<>();
        for (String entry : spec.trim().split("[,\\s]+")) {
            int equals = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (equals <= 0 || colon <= equals + 1 || colon == entry.length() - 1) {
                throw invalid(entry, "expected name@host=address:port");
            }
            NodeName node;
            try {
                node = NodeName.parse(entry.substring(0, equals));
            } catch (SporeException e) {
                throw invalid(entry, e.getMessage());
            }
            String address = entry.substring(equals + 1, colon);
            if (address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
            int port = NameServiceProtocol.parsePort(entry.substring(colon + 1));
            if (address.isEmpty() || port < 0) {
                throw invalid(entry, "expected an address and a port from 1 to 65535 after '='");
            }
            if (routes.put(node, InetSocketAddress.createUnresolved(address, port)) != null) {
                throw invalid(entry, node + " has more than one route");
            }
        }
        return new StaticRoutes(Collections.unmodifiableMap(routes));
    }

    /**
     * @param node a node
     * @return its configured address, unresolved, if it has one
     */
    public Optional<InetSocketAddress> route(NodeName node) {
        return Optional.ofNullable(routes.get(node));
    }

    /** @return every route, in the order given */
    public Map<NodeName, InetSocketAddress> routes() {
        return routes;
    }

    private static SporeException invalid(String entry, String problem) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT,
            "invalid static route '" + entry + "': " + problem);
    }

    @Override
    public String toString() {
        return "StaticRoutes" + routes;
    }
}
