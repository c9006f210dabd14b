package io.spore.core;

import io.spore.api.SupervisionEvent;
import io.spore.api.SupervisionListener;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of a node's supervisors' reports (restarts, an exceeded intensity). Reports are rare, listeners
 * rarer still: a copy-on-write list, read without a lock on the supervisor's turn.
 *
 * <p>Threading: any thread.
 */
final class SupervisionListeners {
    private static final System.Logger LOG = System.getLogger(SupervisionListeners.class.getName());

    private final CopyOnWriteArrayList<SupervisionListener> listeners = new CopyOnWriteArrayList<>();

    void add(SupervisionListener listener) {
        listeners.addIfAbsent(Objects.requireNonNull(listener, "listener"));
    }

    void remove(SupervisionListener listener) {
        listeners.remove(listener);
    }

    /** Hands {@code event} to every listener; one that throws is logged and the others still hear it. */
    void report(SupervisionEvent event) {
        for (SupervisionListener listener : listeners) {
            try {
                listener.onSupervisionEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a supervision listener failed on " + event + "; ignored", e);
            }
        }
    }
}
