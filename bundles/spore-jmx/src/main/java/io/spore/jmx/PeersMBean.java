package io.spore.jmx;

import javax.management.openmbean.TabularData;

/**
 * {@code io.spore:type=Peers,name=<node>}: the nodes connected now, and how each connection is protected. An Open
 * MBean ({@link OpenBean}): JConsole shows the table as a table.
 */
public interface PeersMBean {
    /**
     * @return one row per connected node, indexed by node: {@code node}, {@code wireSecurity} ({@code sealed},
     *         {@code authenticated} or {@code none}), {@code suite}, {@code identity} (the certificate subject the
     *         peer proved, or {@code cookie} when only the cookie proved it), {@code fingerprint} (SHA-256 of that
     *         certificate, empty without one), {@code rejectedBadTag} and {@code rejectedReplay} (messages the
     *         node's connections refused since this node started, by why: a refusal ends its connection), {@code keyRotations}, {@code roundTripMicros} (-1 before the first),
     *         {@code messagesOut}, {@code messagesIn}, {@code connectedSince} (ISO-8601)
     */
    TabularData getPeers();
}
