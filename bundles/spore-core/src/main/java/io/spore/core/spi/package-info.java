/**
 * The seam between a node and the transport that links it to other nodes.
 *
 * <p>The node calls a {@link io.spore.core.spi.RemoteRouter} for everything addressed to a pid or name on another
 * node; the transport hands what arrives from the network to the node's {@link io.spore.core.spi.Inbound}. The
 * transport bundle finds the node through the {@link io.spore.core.spi.NodeRuntime} service and attaches itself.
 * Remote spawn crosses the seam as a {@link io.spore.core.spi.SpawnRequest} out and its answer in.
 *
 * <p>Traffic is counted once, by the transport, per frame: the node's {@link io.spore.core.spi.NodeMonitoring}
 * reads it from the attached router's {@link io.spore.core.spi.TransportStatistics}.
 *
 * <p>2.0.0: {@code Inbound.send} and {@code sendNamed} answer what {@code sendBounded} and {@code sendNamedBounded}
 * did (those are gone), {@code Inbound.nodeUp} has one form (with the peer's remote-spawn flag), and
 * {@code RemoteRouter.statistics()} and {@code TransportStatistics.traffic()} are new.
 *
 * <p>2.1.0: {@code RemoteRouter.awaitDelivery} is new.
 *
 * <p>2.2.0: {@code RemoteRouter.sendImportant} with a delivery id is new; the node calls it instead of the form
 * without one, which its default calls for a send without an id. {@code Inbound.reply}, {@code deliveryAck} and
 * {@code spawnReply} with the node the answer came from are new: the node takes an answer only from the node asked.

 * <p>2.3.0: {@code TransportStatistics.peers()} (a default: none) and {@code PeerStats}, the figures per connected
 * node.
 *
 * <p>2.4.0: {@code TransportStatistics.peerSecurity()} (a default: none) and {@code PeerSecurity}, how each
 * connection is protected and what it refused.
 *
 * <p>2.5.0: the {@code Applications} service with {@code ApplicationInfo}, {@code StartType} and
 * {@code SupervisedChild}: the applications bundles declare, and their supervision trees, for administration tools.
 *
 * <p>2.6.0: {@code ClusterRegistry} and {@code ClusterRegistryListener}: the node's membership of a cluster
 * registry, which a registry bundle publishes and the node routes global names, groups and membership through;
 * {@code SpawnRequest.link}, a child linked to its requester from its start (its former constructor stays).
 *
 * <p>2.7.0: defaults that carry a call's or a spawn's ref as its id and creation, so that neither side allocates a
 * {@code Ref} or a {@code Caller} per operation: {@code RemoteRouter.call} and {@code spawnRequest} with a ref id,
 * {@code Inbound.reply} and {@code spawnReply} with the ref's id and creation.
 */
@Export
@Version("2.7.0")
package io.spore.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
