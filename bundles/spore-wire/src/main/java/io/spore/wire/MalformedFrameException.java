package io.spore.wire;

/**
 * Bytes received from a peer that are not a valid frame or payload: truncated, of an unknown schema, template or
 * version, with a bad tag, an unknown type name, a value the receiving side rejects, or nested too deeply.
 *
 * <p>The only exception the readers of this package throw for bad input, whatever the bytes: a receiver catches it,
 * drops the frame, counts it, and carries on. It carries no stack trace, since hostile input can make many of them
 * and the {@link #problem()} and message say all there is to know.
 */
public final class MalformedFrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong, for counting and switching. */
    public enum Problem {
        /** The bytes end before the frame or value does. */
        TRUNCATED,
        /** The frame header names another SBE schema. */
        UNKNOWN_SCHEMA,
        /** The frame or payload is of a version this reader cannot read. */
        UNSUPPORTED_VERSION,
        /** The frame header names a template this schema does not have. */
        UNKNOWN_TEMPLATE,
        /** The frame's fixed block is shorter than its template's. */
        BAD_BLOCK_LENGTH,
        /** A payload tag this format does not define. */
        BAD_TAG,
        /** A record or enum type name that is not registered on this node. */
        UNKNOWN_TYPE,
        /** A value that does not fit its type: a bad name, a wrong record arity, an unknown enum constant. */
        BAD_VALUE,
        /** A payload nested deeper than the reader allows. */
        TOO_DEEP,
        /** Bytes left over after the frame or value ended. */
        TRAILING_BYTES,
        /** A frame longer than the receiver accepts, or a payload of more values or containers than it reads. */
        TOO_LARGE,
        /** A map or set whose keys share hash codes beyond any honest chance: a hash-flooding attempt. */
        HASH_FLOODING
    }

    private final Problem problem;

    /**
     * @param problem what was wrong
     * @param message what, where, and (when it helps) what to do
     */
    public MalformedFrameException(Problem problem, String message) {
        this(problem, message, null);
    }

    /**
     * @param problem what was wrong
     * @param message what, where, and (when it helps) what to do
     * @param cause   the error that revealed it, for example a record constructor's
     */
    public MalformedFrameException(Problem problem, String message, Throwable cause) {
        super(message, cause, false, false);
        this.problem = problem;
    }

    /** @return what was wrong */
    public Problem problem() {
        return problem;
    }
}
