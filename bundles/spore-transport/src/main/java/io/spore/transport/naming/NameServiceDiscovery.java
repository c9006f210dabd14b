package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.host.LocalPeers;
import io.spore.transport.discovery.NodeDiscovery;
import io.spore.transport.security.Cookie;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The built-in provider {@value #NAME}: asks the name service on the node's host, at the well-known port, for the
 * node's UDP port. Its answer is always definite, since the host itself is asked: a host that is unknown, a name
 * service that cannot be reached or does not prove the cookie, and a name not registered there are each a
 * {@code NODE_DOWN}, so the providers after it in the order are never asked.
 *
 * <p>Thread-safe: immutable. {@link #resolve} blocks on DNS and on the name service, for at most about four times
 * the timeout (see {@link NameServiceClient}).
 */
public final class NameServiceDiscovery implements NodeDiscovery {
    /** Its name in {@code spore.discovery.order}. */
    public static final String NAME = "nameservice";

    private final NameServiceConfig config;
    private final Cookie cookie;

    /**
     * @param config the well-known port of every host's name service, how long to wait for one, and where this
     *               host's listens (a node of this host is looked up there, whatever address its name gives)
     * @param cookie the cluster's cookie, which a name service must prove for its answer to be believed
     */
    public NameServiceDiscovery(NameServiceConfig config, Cookie cookie) {
        this.config = config;
        this.cookie = cookie;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws SporeException {@code NODE_DOWN} when the host is unknown, its name service cannot be reached or does
     *                        not prove the cookie, or no node of that name is registered there
     */
    @Override
    public List<InetSocketAddress> resolve(NodeName node) {
        InetAddress host;
        try {
            host = InetAddress.getByName(node.host());
        } catch (UnknownHostException e) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot reach " + node + ": host "
                + node.host() + " is unknown", e);
        }
        // This host's name service may listen on loopback only: its own nodes are asked for there, even when a
        // name gives another address of this host (Debian maps the host name to 127.0.1.1).
        String askAt = LocalPeers.isThisHost(host) ? config.localAddress() : host.getHostAddress();
        OptionalInt port = NameServiceClient.lookup(askAt, config.port(), cookie, node.name(), config.timeout());
        if (port.isEmpty()) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "no node named " + node.name() + " runs on "
                + node.host() + " (its name service does not know it): is " + node + " started?");
        }
        return List.of(new InetSocketAddress(host, port.getAsInt()));
    }
}
