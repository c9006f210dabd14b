/**
 * The cluster a node sees through its registry (Erlang's {@code global} and {@code pg}): which nodes are members,
 * names that mean one process anywhere in the cluster, and process groups.
 *
 * <p>A node started with a registry ({@code spore node --registry host:port,...}) joins it as a member; the methods
 * of {@link io.spore.api.Node}, {@link io.spore.api.ProcessContext} and {@link io.spore.api.Network} that take a
 * {@link io.spore.api.cluster.GlobalName} or {@link io.spore.api.cluster.GroupName} go through it. Writes (register,
 * join, leave) are linearizable: they pass the registry's replicated log. Reads (whereis, members) answer from a
 * replica the node keeps of the registry's view, with no network round trip. A node with no registry, or one cut
 * off from a majority of it, keeps its local processes and connections, and a write fails with
 * {@link io.spore.api.SporeException.Reason#REGISTRY_UNAVAILABLE} saying why.
 *
 * <p>Processes that subscribe receive the messages of this package: {@link io.spore.api.cluster.NodeJoined} and
 * {@link io.spore.api.cluster.NodeLeft} for membership (which says nothing of connections: {@code NodeUp} and
 * {@code NodeDown} keep meaning those), {@link io.spore.api.cluster.GroupJoined} and
 * {@link io.spore.api.cluster.GroupLeft} for a group, and a process that lost its global name while its node was
 * cut off receives {@link io.spore.api.cluster.GlobalNameLost}.
 */
@Export
@Version("1.0.0")
package io.spore.api.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
