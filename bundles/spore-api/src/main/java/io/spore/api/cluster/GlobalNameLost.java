package io.spore.api.cluster;

import io.spore.api.Pid;

import java.util.Objects;

/**
 * The message a process receives when it lost a global name it held: its node's registry session ended (the node
 * was cut off longer than the session timeout), and when the node joined again another process had taken the name
 * meanwhile. The process keeps running; it may register another name, or end.
 *
 * @param name   the name it held
 * @param holder the process that holds it now
 */
public record GlobalNameLost(GlobalName name, Pid holder) {
    /** @throws NullPointerException when an argument is null */
    public GlobalNameLost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
    }
}
