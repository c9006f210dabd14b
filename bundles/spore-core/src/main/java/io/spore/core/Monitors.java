package io.spore.core;

import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitors one process holds on others, by ref: a {@link Down} is delivered only for a monitor still held, so a
 * demonitor stops it even when the down is already in the mailbox.
 *
 * <p>Threading: the process's own turn only.
 */
final class Monitors {
    private final Map<Ref, Pid> held = new HashMap<>(4);

    void add(Ref ref, Pid target) {
        held.put(ref, target);
    }

    /**
     * Ends the monitor {@code ref} if it watches {@code target}: a down names the process it is about, and one that
     * names another (a third node answering with a ref it guessed or saw) must not end the real monitor.
     *
     * @return whether {@code ref} was held on {@code target}
     */
    boolean remove(Ref ref, Pid target) {
        return held.remove(ref, target);
    }

    /** @return the monitored process, or {@code null} when {@code ref} is not held (any more) */
    Pid remove(Ref ref) {
        return held.remove(ref);
    }

    /** {@code gone} went down: its monitors end. @return a {@code noconnection} down for each */
    List<Down> dropNode(NodeName gone) {
        List<Down> downs = new ArrayList<>();
        held.entrySet().removeIf(e -> e.getValue().node().equals(gone)
            && downs.add(new Down(e.getKey(), e.getValue(), ExitReason.NOCONNECTION)));
        return downs;
    }
}
