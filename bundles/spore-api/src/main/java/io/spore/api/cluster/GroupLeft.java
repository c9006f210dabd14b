package io.spore.api.cluster;

import io.spore.api.Pid;

import java.util.Objects;

/**
 * The message a process that subscribed to a group receives when a process leaves it: it left, ended, or its node
 * left the registry (Erlang's {@code pg} monitor's {@code leave}).
 *
 * @param group the group
 * @param pid   the process that left
 */
public record GroupLeft(GroupName group, Pid pid) {
    /** @throws NullPointerException when an argument is null */
    public GroupLeft {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(pid, "pid");
    }
}
