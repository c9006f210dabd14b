package io.spore.transport.dns;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.discovery.MembershipListener;
import io.spore.transport.discovery.MembershipWatch;
import io.spore.transport.discovery.NodeDiscovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The discovery provider {@value #NAME}: nodes are what DNS says.
 * <ul>
 *   <li>With an SRV service, each record is a node: {@code name@host} is found at the record whose target is
 *       {@code host}, on the record's port, at the target's A and AAAA addresses (asked of the same server, so a
 *       private zone works); with a node name, {@link #members()} lists {@code NODENAME@TARGET} for each record.</li>
 *   <li>With a port, {@code name@host} is found at {@code host}'s A and AAAA addresses on that port: the pods of a
 *       Kubernetes headless service, whose names are their hosts. With a service too, this serves the hosts that
 *       have no SRV record.</li>
 * </ul>
 * A node this provider does not find is left to the next provider; a server that cannot be asked is a definite
 * {@code NODE_DOWN}, naming it. Members are watched by reading the records again at the configured interval.
 *
 * <p>Thread-safe: the settings are immutable; watches run on one daemon thread, started by the first.
 */
public final class DnsDiscovery implements NodeDiscovery, AutoCloseable {
    /** Its name in {@code spore.discovery.order}. */
    public static final String NAME = "dns";
    /** The most addresses used for one host. */
    static final int MAX_ADDRESSES = 16;

    private final DnsSettings settings;
    private final DnsLookup lookup;
    private final DnsWatches watches;

    /**
     * @param settings what to look up, and where
     * @return the provider, asking {@code settings}' server through the JDK's DNS client
     */
    public static DnsDiscovery create(DnsSettings settings) {
        return new DnsDiscovery(settings, new JndiDnsLookup(settings.server(), settings.timeout()));
    }

    DnsDiscovery(DnsSettings settings, DnsLookup lookup) {
        this.settings = settings;
        this.lookup = lookup;
        this.watches = new DnsWatches(NAME, settings.interval(), this::members);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @throws SporeException {@code NODE_DOWN} when the DNS server cannot be asked or fails */
    @Override
    public List<InetSocketAddress> resolve(NodeName node) {
        String host = SrvRecord.hostName(node.host());
        if (settings.service() != null && (settings.nodeName() == null || settings.nodeName().equals(node.name()))) {
            List<SrvRecord> records = new ArrayList<>(lookup.srv(settings.service()));
            records.removeIf(record -> !record.target().equals(host));
            records.sort(Comparator.comparingInt(SrvRecord::priority)
                .thenComparing(Comparator.comparingInt(SrvRecord::weight).reversed()));
            List<InetSocketAddress> endpoints = new ArrayList<>();
            for (SrvRecord record : records) {
                for (InetAddress address : addresses(record.target())) {
                    endpoints.add(new InetSocketAddress(address, record.port()));
                }
            }
            if (!endpoints.isEmpty()) {
                return endpoints;
            }
        }
        if (settings.port() > 0) {
            return addresses(host).stream().map(address -> new InetSocketAddress(address, settings.port())).toList();
        }
        return List.of();
    }

    private List<InetAddress> addresses(String host) {
        if (host.length() > DnsSettings.MAX_NAME_LENGTH) {
            return List.of();
        }
        List<InetAddress> addresses = lookup.addresses(host);
        return addresses.size() > MAX_ADDRESSES ? addresses.subList(0, MAX_ADDRESSES) : addresses;
    }

    /** @return whether a service and a node name are set, so the SRV records name the members */
    @Override
    public boolean listsMembers() {
        return settings.listsMembers();
    }

    /**
     * @return {@code NODENAME@TARGET} for each SRV record (a target that makes no valid node name is left out)
     * @throws UnsupportedOperationException without a service and a node name
     * @throws SporeException                {@code NODE_DOWN} when the DNS server cannot be asked or fails
     */
    @Override
    public Set<NodeName> members() {
        if (!settings.listsMembers()) {
            return NodeDiscovery.super.members();
        }
        Set<NodeName> members = new LinkedHashSet<>();
        for (SrvRecord record : lookup.srv(settings.service())) {
            try {
                members.add(NodeName.parse(settings.nodeName() + "@" + record.target()));
            } catch (SporeException e) {
                // a target that is no node's host
            }
        }
        return members;
    }

    /** Reads the SRV records again at each interval and tells {@code listener} of the differences. */
    @Override
    public MembershipWatch watch(MembershipListener listener) {
        if (!settings.listsMembers()) {
            return NodeDiscovery.super.watch(listener);
        }
        return watches.add(listener);
    }

    /** Ends every watch and its thread. */
    @Override
    public void close() {
        watches.close();
    }

    @Override
    public String toString() {
        return "dns discovery (" + (settings.service() != null ? "SRV " + settings.service() : "")
            + (settings.service() != null && settings.port() > 0 ? ", " : "")
            + (settings.port() > 0 ? "A/AAAA at port " + settings.port() : "") + ", asking " + lookup + ")";
    }
}
