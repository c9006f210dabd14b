package io.spore.api.supervisor;

import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.api.supervisor.SupervisorException.Problem;

/**
 * The refusals one supervisor answers with, worded once: what happened, to which child, and what to do instead. A
 * refusal is the call's reply, not an exception the supervisor throws, since a handler that throws would end it.
 */
final class SupervisorErrors {
    private final Pid self;
    private final Strategy strategy;

    SupervisorErrors(Pid self, Strategy strategy) {
        this.self = self;
        this.strategy = strategy;
    }

    SupervisorException startFailed(Child child, RuntimeException failed) {
        SporeException cause = failed instanceof SporeException known ? known
            : new SporeException(SporeException.Reason.INIT_FAILED, failed.toString(), failed);
        return new SupervisorException(Problem.START_FAILED, child.spec.id(), "supervisor " + self
            + " could not start child '" + child.spec.id() + "': " + cause.getMessage(), cause);
    }

    SupervisorException alreadyThere(Child existing) {
        String id = existing.spec.id();
        return existing.running()
            ? new SupervisorException(Problem.ALREADY_STARTED, id, "child '" + id + "' of supervisor " + self
                + " is running already as " + existing.pid, null)
            : new SupervisorException(Problem.ALREADY_PRESENT, id, "supervisor " + self + " has a child '" + id
                + "' already; restart it or delete it first", null);
    }

    SupervisorException notFound(String what) {
        return new SupervisorException(Problem.NOT_FOUND, what, "supervisor " + self + " has no child " + what
            + "; Supervisors.whichChildren lists them", null);
    }

    SupervisorException running(Child child) {
        return new SupervisorException(Problem.RUNNING, child.spec.id(), child + " of supervisor " + self
            + " is running; terminate it first", null);
    }

    SupervisorException wrongStrategy(String id, String operation, String instead) {
        return new SupervisorException(Problem.WRONG_STRATEGY, id, "supervisor " + self + " (" + strategy
            + ") does not support " + operation + "; " + instead, null);
    }

    SupervisorException stopping(ExitReason why) {
        return new SupervisorException(Problem.STOPPING, null, "supervisor " + self + " is stopping (" + why + ")",
            null);
    }
}
