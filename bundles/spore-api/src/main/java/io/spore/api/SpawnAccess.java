package io.spore.api;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot of one spawn name's remote-spawn access state (see {@link Network} for the rules).
 *
 * @param name         the spawn name
 * @param provider     the symbolic name of the bundle that publishes the factory, or {@code "api"} for
 *                     {@link Network#enableSpawn(Name, ProcessFactory, NodeName...)} (or {@code "embedded"})
 * @param enabled      false when the name is disabled for remote spawn
 * @param openToAll    true when any node may spawn it (enabled with an empty list)
 * @param allowedNodes the nodes that may spawn it when listed; empty otherwise; sorted and immutable
 * @param spawned      remote spawns of this name that succeeded, since the node started
 * @param denied       remote spawns of this name refused by its access state (not allowed, or disabled)
 */
public record SpawnAccess(Name name, String provider, boolean enabled, boolean openToAll, Set<NodeName> allowedNodes,
                          long spawned, long denied) {
    /**
     * Copies {@code allowedNodes} into a sorted, unmodifiable set.
     *
     * @param name         the spawn name
     * @param provider     the symbolic name of the bundle that publishes the factory, or {@code "api"}
     * @param enabled      false when the name is disabled for remote spawn
     * @param openToAll    true when any node may spawn it
     * @param allowedNodes the nodes that may spawn it when listed, not {@code null}
     * @param spawned      remote spawns of this name that succeeded
     * @param denied       remote spawns of this name refused by its access state
     */
    public SpawnAccess {
        allowedNodes = Collections.unmodifiableSortedSet(new TreeSet<>(allowedNodes));
    }
}
