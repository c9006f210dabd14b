package io.spore.api;

/**
 * Hears access-list changes and denials of remote spawn (see {@link Network#addSpawnAccessListener}).
 *
 * <p>Threading: called synchronously on the thread that made the change or refused the request; must not block.
 */
@FunctionalInterface
public interface SpawnAccessListener {
    /** @param event what happened */
    void onSpawnAccessEvent(SpawnAccessEvent event);
}
