/**
 * The node's side of the registry: {@link io.spore.registry.RegistryClient} joins a registry cluster as a node,
 * registers global names and group memberships (linearizable, through the cluster's log), and answers lookups from
 * a local replica that the registry's events keep current. Results are {@link io.spore.registry.RegistryResult}s
 * with a {@link io.spore.registry.RegistryStatus}; members are {@link io.spore.registry.RegistryNode}s.
 */
@Export
@Version("0.2.0")
package io.spore.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
