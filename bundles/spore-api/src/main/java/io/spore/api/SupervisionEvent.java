package io.spore.api;

/**
 * What a supervisor did that administrators want to hear of at once, handed to {@link SupervisionListener}s of the
 * supervisor's node (see {@link Node#addSupervisionListener}). Since 1.5.0.
 *
 * @param kind        what happened
 * @param supervisor  the supervisor
 * @param application the supervisor's application, or {@code null}
 * @param childId     the id of the child concerned
 * @param child       for {@link Kind#RESTARTED} the child's new pid; for {@link Kind#INTENSITY_EXCEEDED} the pid that
 *                    ended last, or {@code null}
 * @param reason      why the child ended (its exit reason), or why a restart failed
 * @param restarts    the child's restarts so far, this one included
 */
public record SupervisionEvent(Kind kind, Pid supervisor, String application, String childId, Pid child,
                               String reason, int restarts) {
    /** What happened. */
    public enum Kind {
        /** A child ended and was started again. */
        RESTARTED,
        /** More restarts than the intensity allows: the supervisor stops its children and exits with shutdown. */
        INTENSITY_EXCEEDED
    }
}
