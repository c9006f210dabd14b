package io.spore.transport.discovery;

import io.spore.api.NodeName;

import java.util.Objects;

/**
 * A node that a discovery provider learnt of, or no longer knows. It says nothing of the node's connection: a node
 * may leave discovery and stay connected, or join it before it has started.
 *
 * @param provider the {@linkplain NodeDiscovery#name() name} of the provider that saw it
 * @param node     the node
 * @param joined   {@code true} when the node joined, {@code false} when it left
 */
public record MembershipEvent(String provider, NodeName node, boolean joined) {
    /** @throws NullPointerException when {@code provider} or {@code node} is null */
    public MembershipEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return node + (joined ? " joined" : " left") + " (discovery " + provider + ")";
    }
}
