package io.spore.api.supervisor;

import io.spore.api.Pid;

/**
 * One child as {@link Supervisors#describeChildren} shows it to administrators: {@link ChildInfo} and its history.
 * Since 1.1.0.
 *
 * @param id       the child's id; for a {@link Strategy#SIMPLE_ONE_FOR_ONE} child, its template's id
 * @param pid      the running child, or {@code null} when it is not running
 * @param type     worker or supervisor
 * @param restart  when it is restarted
 * @param restarts how many times its supervisor restarted it
 * @param lastExit the reason it ended last, or {@code null} when it never ended
 */
public record ChildStatus(String id, Pid pid, ChildType type, Restart restart, int restarts, String lastExit) {
    /** @return whether the child is running */
    public boolean isRunning() {
        return pid != null;
    }
}
