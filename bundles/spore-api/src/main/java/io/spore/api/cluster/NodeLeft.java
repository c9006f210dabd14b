package io.spore.api.cluster;

import io.spore.api.NodeName;

import java.util.Objects;

/**
 * The message a process that subscribed to membership receives when a node leaves the registry: it closed its
 * session, or the session timed out (the node stopped, or is cut off from the registry). Its global names and group
 * memberships are gone with it.
 *
 * @param node     the node
 * @param creation the incarnation that left
 */
public record NodeLeft(NodeName node, int creation) {
    /** @throws NullPointerException when {@code node} is null */
    public NodeLeft {
        Objects.requireNonNull(node, "node");
    }
}
