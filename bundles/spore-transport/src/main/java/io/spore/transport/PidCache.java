package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.Pid;

/**
 * The pids of one node that frames named lately, so that decoding a frame between the same processes allocates no
 * {@link Pid}: a direct-mapped table by id, where a new pid simply takes the slot of the one it collides with.
 *
 * <p>Why it is safe to hand out the same instance again: pids are immutable values compared with
 * {@code equals}. Why direct-mapped: a lookup is one array read and two compares, and the few processes that talk
 * most stay in the table by themselves.
 *
 * <p>Threading: the receive agent's thread only.
 */
final class PidCache {
    private static final int SLOTS = 256;
    private static final int MASK = SLOTS - 1;

    private final NodeName node;
    private final Pid[] pids = new Pid[SLOTS];

    PidCache(NodeName node) {
        this.node = node;
    }

    /** @return the pid {@code id} of incarnation {@code creation} on this cache's node */
    Pid pid(long id, int creation) {
        int slot = (int) (id ^ (id >>> 32)) & MASK;
        Pid pid = pids[slot];
        if (pid == null || pid.id() != id || pid.creation() != creation) {
            pid = new Pid(node, id, creation);
            pids[slot] = pid;
        }
        return pid;
    }
}
