package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.host.LocalPeers;
import io.spore.transport.security.Cookie;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the UDP address of a node from its name {@code name@host}: a static route if one is configured, otherwise
 * the answer of the name service on {@code host} at the well-known port.
 *
 * <p>Thread-safe: immutable. {@link #resolve} blocks on DNS and on the name service, for at most about four times
 * the timeout (see {@link NameServiceClient}); call it where connections are made, never on a receive thread.
 */
public final class NodeResolver {
    private final StaticRoutes routes;
    private final NameServiceConfig config;
    private final Cookie cookie;

    /**
     * @param routes configured addresses, which take precedence
     * @param config the well-known port of every host's name service, how long to wait for one, and where this
     *               host's listens (a node of this host is looked up there, whatever address its name gives)
     * @param cookie the cluster's cookie, which a name service must prove for its answer to be believed
     */
    public NodeResolver(StaticRoutes routes, NameServiceConfig config, Cookie cookie) {
        this.routes = routes;
        this.config = config;
        this.cookie = cookie;
    }

    /**
     * @param node the node to reach
     * @return its UDP address, resolved to a numeric address
     * @throws SporeException {@code NODE_DOWN} when the host is unknown, its name service cannot be reached or does
     *                        not prove the cookie, or no node of that name is registered there
     */
    public InetSocketAddress resolve(NodeName node) {
        Optional<InetSocketAddress> route = routes.route(node);
        if (route.isPresent()) {
            return new InetSocketAddress(address(node, route.get().getHostString()), route.get().getPort());
        }
        InetAddress host = address(node, node.host());
        // This host's name service may listen on loopback only: its own nodes are asked for there, even when a
        // name gives another address of this host (Debian maps the host name to 127.0.1.1).
        String askAt = LocalPeers.isThisHost(host) ? config.localAddress() : host.getHostAddress();
        OptionalInt port = NameServiceClient.lookup(askAt, config.port(), cookie, node.name(), config.timeout());
        if (port.isEmpty()) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "no node named " + node.name() + " runs on "
                + node.host() + " (its name service does not know it): is " + node + " started?");
        }
        return new InetSocketAddress(host, port.getAsInt());
    }

    private static InetAddress address(NodeName node, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot reach " + node + ": host " + host
                + " is unknown", e);
        }
    }
}
