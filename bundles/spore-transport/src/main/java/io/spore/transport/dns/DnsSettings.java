package io.spore.transport.dns;

import io.spore.api.SporeException;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the {@code dns} provider looks nodes up.
 *
 * @param service  an SRV name ({@code _spore._udp.workers.default.svc.cluster.local}) whose records are the nodes,
 *                 target and port; {@code null} for none
 * @param port     the UDP port of every node found by its host's A and AAAA records (a headless service without named
 *                 ports); 0 for none. With a service too, it serves the hosts that have no SRV record.
 * @param server   the DNS server to ask, {@code host} or {@code host:port} ({@code [v6]:port}); {@code null} for the
 *                 system's
 * @param nodeName the name part of every node the SRV records list ({@code worker} makes {@code worker@TARGET});
 *                 {@code null} when members are not listed, and then any name at a target is accepted
 * @param interval how often the records are read again for a watch of members
 * @param timeout  how long to wait for the server's answer to one question (tried twice)
 */
public record DnsSettings(String service, int port, String server, String nodeName, Duration interval,
                          Duration timeout) {
    /** The shortest time between two readings of the records, whatever is set. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);
    /** The longest time between two readings of the records, whatever is set. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** A DNS name is at most 253 characters (RFC 1035), without the root's dot. */
    static final int MAX_NAME_LENGTH = 253;
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})"
        + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * @throws SporeException {@code INVALID_ARGUMENT} naming the setting at fault: neither a service nor a port, a
     *                        service that is not a DNS name, a port out of range, a server that is not
     *                        {@code host[:port]}, a node name that is not one, or a non-positive time
     */
    public DnsSettings {
        if (service == null && port == 0) {
            throw invalid("give an SRV service name, or the port of nodes found by their A/AAAA records");
        }
        if (service != null && (service.length() > MAX_NAME_LENGTH || !DNS_NAME.matcher(service).matches())) {
            throw invalid("the service '" + service + "' is not a DNS name");
        }
        if (port < 0 || port > 65535) {
            throw invalid("the port must be from 1 to 65535, was " + port);
        }
        if (server != null && !SERVER.matcher(server).matches()) {
            throw invalid("the server '" + server + "' is not host or host:port");
        }
        if (nodeName != null && !NODE_NAME.matcher(nodeName).matches()) {
            throw invalid("the node name '" + nodeName + "' is not 1 to 64 letters, digits, _ or -");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw invalid("the interval must be positive, was " + interval);
        }
        interval = interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL
            : interval.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw invalid("the timeout must be positive, was " + timeout);
        }
    }

    /** @return whether the SRV records are listed as members: a service and a node name are both given */
    public boolean listsMembers() {
        return service != null && nodeName != null;
    }

    private static SporeException invalid(String problem) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, "dns discovery: " + problem);
    }
}
