/**
 * The seam between a node and the transport that links it to other nodes.
 *
 * <p>The node calls a {@link io.spore.core.spi.RemoteRouter} for everything addressed to a pid or name on another
 * node; the transport hands what arrives from the network to the node's {@link io.spore.core.spi.Inbound}. The
 * transport bundle finds the node through the {@link io.spore.core.spi.NodeRuntime} service and attaches itself.
 * Remote spawn crosses the seam as a {@link io.spore.core.spi.SpawnRequest} out and its answer in (1.1.0); a mailbox limit on what arrives, with {@code Inbound.sendBounded} and {@code hasRoom} (1.2.0).
 */
@Export
@Version("1.2.0")
package io.spore.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
