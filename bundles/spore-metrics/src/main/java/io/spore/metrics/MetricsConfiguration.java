package io.spore.metrics;

import io.spore.api.config.LayeredProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The metrics endpoint's Configuration Admin configuration, PID {@value #PID}, whose keys are the {@code spore.*}
 * names of the framework properties ({@code spore.metrics.port}, {@code spore.metrics.bind}): hands each version of
 * it, as texts, to the activator, which lays it over the framework properties.
 *
 * <p>This is the only class of the bundle that names a Config Admin type, and the activator loads it only when the
 * bundle's optional import of {@code org.osgi.service.cm} is wired, so the bundle runs in a framework without Config
 * Admin (the embedded launcher's).
 *
 * <p>Threading: Config Admin calls {@link #updated} on its own thread, one call at a time.
 */
final class MetricsConfiguration implements ManagedService {
    /** The PID of the endpoint's configuration. */
    static final String PID = "io.spore.metrics";

    private final Consumer<Map<String, String>> settings;

    private MetricsConfiguration(Consumer<Map<String, String>> settings) {
        this.settings = settings;
    }

    /**
     * @param context  the metrics bundle's context
     * @param settings given the configured settings (empty when there is no configuration) now and at each change
     * @return the registration, to unregister when the bundle stops
     */
    static ServiceRegistration<?> register(BundleContext context, Consumer<Map<String, String>> settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, PID);
        return context.registerService(ManagedService.class, new MetricsConfiguration(settings), properties);
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        // A setting that cannot be read is refused by the activator, which logs it and keeps the endpoint as it was:
        // throwing ConfigurationException here would only log it a second time.
        settings.accept(LayeredProperties.settings(properties));
    }
}
