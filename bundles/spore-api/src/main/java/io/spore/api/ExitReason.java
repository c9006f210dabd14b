package io.spore.api;

import java.util.Objects;

/**
 * Why a process ended, as links and monitors see it.
 *
 * <p>Only {@link Kind#NORMAL} is a normal exit: a linked process that does not trap exits ignores it and dies of
 * any other reason. Immutable and safe to share between threads.
 */
public final class ExitReason {
    /** The kind of an exit reason, for switching. */
    public enum Kind {
        /** The process finished its work. */
        NORMAL,
        /** The process was told to stop as part of an orderly shutdown of its node or supervisor. */
        SHUTDOWN,
        /** The process was killed; it cannot trap this. */
        KILLED,
        /** A handler threw; {@link #cause()} holds the error. */
        ERROR,
        /** The process did not exist when it was linked or monitored. */
        NOPROC,
        /** The node of the process became unreachable. */
        NOCONNECTION,
        /** The factory that created the process was withdrawn (its bundle stopped), so its code is going away. */
        FACTORY_WITHDRAWN,
        /** A reason the program chose; {@link #description()} holds it. */
        OTHER
    }

    /** The process finished its work. */
    public static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, "normal", null);
    /** Orderly shutdown. */
    public static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, "shutdown", null);
    /** Killed, untrappable. */
    public static final ExitReason KILLED = new ExitReason(Kind.KILLED, "killed", null);
    /** The process did not exist. */
    public static final ExitReason NOPROC = new ExitReason(Kind.NOPROC, "noproc", null);
    /** The node became unreachable. */
    public static final ExitReason NOCONNECTION = new ExitReason(Kind.NOCONNECTION, "noconnection", null);

    /** The kind, never {@code null}. */
    private final Kind kind;
    /** The one-line description {@link #description()} returns. */
    private final String description;
    /** The error a handler threw, for {@link Kind#ERROR} only. */
    private final Throwable cause;

    /**
     * Use the constants and factory methods.
     *
     * @param kind        the kind
     * @param description the one-line description
     * @param cause       the error, or {@code null}
     */
    private ExitReason(Kind kind, String description, Throwable cause) {
        this.kind = kind;
        this.description = description;
        this.cause = cause;
    }

    /**
     * @param cause the error a handler threw
     * @return an {@link Kind#ERROR} reason carrying it
     */
    public static ExitReason error(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        return new ExitReason(Kind.ERROR, "error: " + cause, cause);
    }

    /**
     * @param factory the spawn name whose factory went away
     * @return a {@link Kind#FACTORY_WITHDRAWN} reason naming it
     */
    public static ExitReason factoryWithdrawn(Name factory) {
        return new ExitReason(Kind.FACTORY_WITHDRAWN,
            "factory_withdrawn: the factory '" + factory + "' was unregistered (its bundle stopped)", null);
    }

    /**
     * @param description a reason of the program's own
     * @return an {@link Kind#OTHER} reason
     */
    public static ExitReason other(String description) {
        Objects.requireNonNull(description, "description");
        return new ExitReason(Kind.OTHER, description, null);
    }

    /**
     * Rebuilds a reason from its kind and description, as a node receiving it from the network does.
     *
     * @param kind        the kind
     * @param description the description printed by the sender
     * @return the reason; the shared constant for kinds that have one
     */
    public static ExitReason of(Kind kind, String description) {
        return switch (kind) {
            case NORMAL -> NORMAL;
            case SHUTDOWN -> SHUTDOWN;
            case KILLED -> KILLED;
            case NOPROC -> NOPROC;
            case NOCONNECTION -> NOCONNECTION;
            default -> new ExitReason(kind, description, null);
        };
    }

    /** @return the kind, for switching */
    public Kind kind() {
        return kind;
    }

    /** @return a one-line description, {@code normal}, {@code killed}, {@code error: ...} */
    public String description() {
        return description;
    }

    /** @return the error a handler threw, or {@code null} when the reason is not {@link Kind#ERROR} */
    public Throwable cause() {
        return cause;
    }

    /** @return whether this is a normal exit */
    public boolean isNormal() {
        return kind == Kind.NORMAL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExitReason r && kind == r.kind && description.equals(r.description);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + description.hashCode();
    }

    @Override
    public String toString() {
        return description;
    }
}
