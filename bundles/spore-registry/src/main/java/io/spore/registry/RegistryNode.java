package io.spore.registry;

import io.spore.api.NodeName;

import java.util.List;

/**
 * A node as the registry knows it: its name, its creation, where it receives and the spawn names it offers.
 * Immutable.
 *
 * @param node       the node's name
 * @param creation   the node's incarnation
 * @param endpoints  where the node receives, as {@code host:port}
 * @param spawnNames the spawn names the node offers to other nodes
 */
public record RegistryNode(NodeName node, int creation, List<String> endpoints, List<String> spawnNames) {
    /**
     * Copies the lists, so the record stays immutable.
     *
     * @param node       the node's name, not {@code null}
     * @param creation   the node's incarnation
     * @param endpoints  where the node receives
     * @param spawnNames the spawn names the node offers
     */
    public RegistryNode {
        if (node == null) {
            throw new IllegalArgumentException("a registry node needs a node name");
        }
        endpoints = List.copyOf(endpoints);
        spawnNames = List.copyOf(spawnNames);
    }
}
