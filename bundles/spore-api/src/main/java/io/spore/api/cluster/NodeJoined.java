package io.spore.api.cluster;

import java.util.Objects;

/**
 * The message a process that subscribed to membership receives when a node joins the registry, or a member
 * announces new spawn names. A subscriber first receives one for every member at the time it subscribed.
 *
 * @param member the member
 */
public record NodeJoined(ClusterMember member) {
    /** @throws NullPointerException when {@code member} is null */
    public NodeJoined {
        Objects.requireNonNull(member, "member");
    }
}
