/**
 * How a node finds others: the service provider interface of discovery. A {@link
 * io.spore.transport.discovery.NodeDiscovery} turns a node's name into the UDP endpoints where it listens and, when it
 * can, lists and watches the nodes it knows.
 *
 * <p>The transport asks the providers in the order {@code spore.discovery.order} gives, by their
 * {@linkplain io.spore.transport.discovery.NodeDiscovery#name() names}; the first that knows a node wins. Two are
 * built in: {@code routes} (static routes) and {@code nameservice} (the name service of the node's host, in the manner
 * of Erlang's epmd). The transport bundle adds {@code dns} when its settings are given. Any bundle may add another by
 * registering a {@code NodeDiscovery} service: while it is registered, its name may appear in the order.
 */
@Export
@Version("1.0.0")
package io.spore.transport.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
