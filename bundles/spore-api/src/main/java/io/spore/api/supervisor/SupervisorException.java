package io.spore.api.supervisor;

import io.spore.api.SporeException;

/**
 * A supervisor refused an operation, or could not start a child. {@link #problem()} says which, {@link #childId()}
 * names the child, and {@link #reason()} is the nearest general reason: for {@link Problem#START_FAILED} it is the
 * child's own ({@code INIT_FAILED}, {@code UNKNOWN_FACTORY}, {@code NOT_ALLOWED}, {@code NODE_DOWN}…), with that
 * error as the cause, so that a refusal by another node's access list can be told from a crash in {@code init}.
 */
public final class SupervisorException extends SporeException {
    /** Serialization version of this class. */
    private static final long serialVersionUID = 1L;

    /** What went wrong (OTP's supervisor errors). */
    public enum Problem {
        /** The child could not be started; the cause says why. */
        START_FAILED,
        /** A child with that id is known but not running ({@code already_present}): restart or delete it. */
        ALREADY_PRESENT,
        /** A child with that id is running ({@code already_started}). */
        ALREADY_STARTED,
        /** No child has that id or pid. */
        NOT_FOUND,
        /** The child is running, so it cannot be restarted or deleted; terminate it first. */
        RUNNING,
        /** The operation does not apply to this supervisor's strategy. */
        WRONG_STRATEGY,
        /** The supervisor is stopping. */
        STOPPING
    }

    /** What went wrong. */
    private final Problem problem;
    /** The child concerned, or {@code null}. */
    private final String childId;

    /**
     * @param problem what went wrong
     * @param childId the child concerned, or {@code null}
     * @param message what happened, to what, and what to do next
     * @param cause   the child's own error for {@link Problem#START_FAILED}, else {@code null}
     */
    public SupervisorException(Problem problem, String childId, String message, SporeException cause) {
        super(generalReason(problem, cause), message, cause);
        this.problem = problem;
        this.childId = childId;
    }

    /** The general reason a caller switching on {@link SporeException.Reason} sees. */
    private static Reason generalReason(Problem problem, SporeException cause) {
        return switch (problem) {
            case START_FAILED -> cause == null ? Reason.INIT_FAILED : cause.reason();
            case ALREADY_PRESENT, ALREADY_STARTED -> Reason.NAME_TAKEN;
            case NOT_FOUND, RUNNING -> Reason.INVALID_ARGUMENT;
            case WRONG_STRATEGY -> Reason.NOT_SUPPORTED;
            case STOPPING -> Reason.NO_PROCESS;
        };
    }

    /** @return what went wrong */
    public Problem problem() {
        return problem;
    }

    /** @return the id of the child concerned, or {@code null} when the problem concerns no one child */
    public String childId() {
        return childId;
    }
}
