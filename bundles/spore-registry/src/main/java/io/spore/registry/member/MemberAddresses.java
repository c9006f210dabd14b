package io.spore.registry.member;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of a registry cluster, from one {@code host:port} per member in member-id order. Each member uses
 * five consecutive ports from its base port P: P for clients (ingress), P+1 for consensus, P+2 for the log, P+3 for
 * catch-up and P+4 for its archive's control channel; members on one host need bases at least five apart.
 * Immutable.
 */
public final class MemberAddresses {
    /** How many ports each member uses from its base port. */
    public static final int PORTS_PER_MEMBER = 5;

    private final List<String> hosts;
    private final List<Integer> basePorts;

    private MemberAddresses(List<String> hosts, List<Integer> basePorts) {
        this.hosts = List.copyOf(hosts);
        this.basePorts = List.copyOf(basePorts);
    }

    /**
     * Parses {@code host:port,host:port,...}.
     *
     * @param text the members, in member-id order from 0
     * @return the addresses
     * @throws IllegalArgumentException when an entry is not host:port with a port from 1 to 65530
     */
    public static MemberAddresses parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no registry members: expected host:port,host:port,...");
        }
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String entry : text.split(",")) {
            String member = entry.trim();
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || colon == member.length() - 1) {
                throw new IllegalArgumentException("registry member '" + member + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(member.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("registry member '" + member + "' has no port number");
            }
            if (port < 1 || port > 65535 - PORTS_PER_MEMBER) {
                throw new IllegalArgumentException("registry member '" + member + "': the port must be from 1 to "
                    + (65535 - PORTS_PER_MEMBER) + " (it uses " + PORTS_PER_MEMBER + " ports from there)");
            }
            hosts.add(member.substring(0, colon));
            ports.add(port);
        }
        return new MemberAddresses(hosts, ports);
    }

    /** @return how many members */
    public int size() {
        return hosts.size();
    }

    /**
     * @param memberId a member
     * @return the member's host
     */
    public String host(int memberId) {
        return hosts.get(memberId);
    }

    /**
     * @param memberId a member
     * @param offset   0 to 4, see the class comment
     * @return {@code host:port} of that port of the member
     */
    public String endpoint(int memberId, int offset) {
        return hosts.get(memberId) + ":" + (basePorts.get(memberId) + offset);
    }

    /** @return Aeron Cluster's members string: {@code id,ingress,consensus,log,catchup,archive|...} */
    public String clusterMembers() {
        StringBuilder members = new StringBuilder();
        for (int id = 0; id < size(); id++) {
            members.append(id);
            for (int offset = 0; offset < PORTS_PER_MEMBER; offset++) {
                members.append(',').append(endpoint(id, offset));
            }
            members.append('|');
        }
        return members.toString();
    }

    /** @return the clients' ingress endpoints: {@code 0=host:port,1=host:port,...} */
    public String ingressEndpoints() {
        StringBuilder endpoints = new StringBuilder();
        for (int id = 0; id < size(); id++) {
            endpoints.append(id == 0 ? "" : ",").append(id).append('=').append(endpoint(id, 0));
        }
        return endpoints.toString();
    }
}
