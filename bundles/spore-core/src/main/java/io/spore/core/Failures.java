package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;

/** The failures several parts of the node report, worded once so a user meets one message for one cause. */
final class Failures {
    private Failures() {
    }

    static SporeException noProcess(Pid pid) {
        return new SporeException(SporeException.Reason.NO_PROCESS,
            "no process " + pid + " (it has exited, or never existed on this node incarnation)");
    }

    static SporeException notRegistered(Name name) {
        return new SporeException(SporeException.Reason.NO_PROCESS,
            "no process is registered as '" + name + "'; check the name with whereis or spore:names");
    }

    static SporeException notConnected(NodeName node) {
        return new SporeException(SporeException.Reason.NODE_DOWN,
            "node " + node + " is not connected (no transport attached, or it cannot be reached)");
    }

    static SporeException nodeWentDown(NodeName node) {
        return new SporeException(SporeException.Reason.NODE_DOWN,
            "node " + node + " went down before the reply came");
    }

    static SporeException spawnNotAnswered(NodeName node, Object factory) {
        return new SporeException(SporeException.Reason.NODE_DOWN,
            "node " + node + " went down before it answered the spawn of '" + factory + "'");
    }

    static SporeException timedOut(String to, long timeoutMs) {
        return new SporeException(SporeException.Reason.TIMEOUT,
            "call to " + to + " got no reply within " + timeoutMs + " ms");
    }

    /** @return the timeout in milliseconds, at least 1 */
    static long checkTimeout(java.time.Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "a call timeout must be positive, was " + timeout);
        }
        return Math.max(1, timeout.toMillis());
    }
}
