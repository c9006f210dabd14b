package io.spore.transport.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * The two questions the {@code dns} provider asks a DNS server. Each answer is bounded: at most
 * {@link #MAX_RECORDS} records are read, and a record that is not of its type's form is left out.
 *
 * <p>Threading: may be called from several threads at once; each call blocks for at most about twice the timeout.
 */
interface DnsLookup {
    /** The most records read from one answer; the rest are ignored. */
    int MAX_RECORDS = 512;

    /**
     * @param name an SRV name
     * @return its records; empty when the name does not exist or has none
     * @throws io.spore.api.SporeException {@code NODE_DOWN} when the server cannot be asked or fails
     */
    List<SrvRecord> srv(String name);

    /**
     * @param host a host name
     * @return its A and AAAA addresses, A first; empty when the name does not exist or has none
     * @throws io.spore.api.SporeException {@code NODE_DOWN} when the server cannot be asked or fails
     */
    List<InetAddress> addresses(String host);
}
