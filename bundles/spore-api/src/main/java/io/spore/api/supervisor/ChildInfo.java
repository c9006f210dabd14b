package io.spore.api.supervisor;

import io.spore.api.Pid;

/**
 * One child as {@link Supervisors#whichChildren} shows it (OTP's {@code which_children}).
 *
 * @param id   the child's id; for a {@link Strategy#SIMPLE_ONE_FOR_ONE} child, its template's id
 * @param pid  the running child, or {@code null} when it is not running (terminated, or waiting to be restarted)
 * @param type worker or supervisor
 */
public record ChildInfo(String id, Pid pid, ChildType type) {
    /** @return whether the child is running */
    public boolean isRunning() {
        return pid != null;
    }
}
