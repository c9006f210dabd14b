package io.spore.api;

/**
 * Hears what the supervisors of a node do (see {@link Node#addSupervisionListener}). Since 1.5.0.
 *
 * <p>Threading: called on the supervisor's own turn, on a worker thread; must be quick and must not block. What it
 * throws is logged and ignored.
 */
@FunctionalInterface
public interface SupervisionListener {
    /** @param event what happened */
    void onSupervisionEvent(SupervisionEvent event);
}
