package io.spore.api.config;

/**
 * Where a node's settings are read from: {@code BundleContext::getProperty} in a bundle, {@code Map::get} in the
 * launcher and in tests, {@code System::getProperty} for a JVM option.
 */
@FunctionalInterface
public interface PropertySource {
    /**
     * @param name a property's name
     * @return its text, or {@code null} when it is not set
     */
    String get(String name);
}
