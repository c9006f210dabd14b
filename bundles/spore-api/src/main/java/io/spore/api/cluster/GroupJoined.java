package io.spore.api.cluster;

import io.spore.api.Pid;

import java.util.Objects;

/**
 * The message a process that subscribed to a group receives when a process joins it (Erlang's {@code pg} monitor's
 * {@code join}). A subscriber first receives one for every member at the time it subscribed.
 *
 * @param group the group
 * @param pid   the process that joined
 */
public record GroupJoined(GroupName group, Pid pid) {
    /** @throws NullPointerException when an argument is null */
    public GroupJoined {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(pid, "pid");
    }
}
