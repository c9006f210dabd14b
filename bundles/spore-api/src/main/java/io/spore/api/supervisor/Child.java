package io.spore.api.supervisor;

import io.spore.api.Pid;

/**
 * One child as its supervisor tracks it: its spec (for a dynamic child, the template with the child's own arguments)
 * and what it is doing now. Only the supervisor's own turn touches it.
 */
final class Child {
    /** What to start; for a dynamic child, the template with its extra arguments. */
    final ChildSpec spec;
    /** The running process, or {@code null}. */
    Pid pid;
    /** Counts the starts, so that a decision taken for an earlier run can tell it is stale. */
    int incarnation;
    /** Waiting for a restart that a backoff or a failed start put off. */
    boolean restartPending;
    /** Gone from the supervisor: whatever was planned for it no longer applies. */
    boolean removed;
    /** Where it stands in a stop sequence; see {@link ChildStopper}. */
    int stopPhase;
    /** The node of {@link ChildSpec#nodes()} it was started on last, an index; -1 before the first start. */
    int nodeIndex = -1;
    /** How many times the supervisor restarted it. */
    int restarts;
    /** Why it ended last, or {@code null}. */
    String lastExit;

    /** @param spec what to start */
    Child(ChildSpec spec) {
        this.spec = spec;
    }

    boolean running() {
        return pid != null;
    }

    ChildInfo info() {
        return new ChildInfo(spec.id(), pid, spec.type());
    }

    ChildStatus status() {
        return new ChildStatus(spec.id(), pid, spec.type(), spec.restart(), restarts, lastExit);
    }

    @Override
    public String toString() {
        return "child '" + spec.id() + "'" + (pid == null ? "" : " " + pid);
    }
}
