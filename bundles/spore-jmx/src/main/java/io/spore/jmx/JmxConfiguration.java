package io.spore.jmx;

import io.spore.api.config.LayeredProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedService;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The JMX connector's Configuration Admin configuration, PID {@value #PID}, whose keys are the {@code spore.*} names
 * of the framework properties: gives the configuration present when the bundle starts, and hands each later version
 * of it, as texts, to the activator, which lays it over the framework properties.
 *
 * <p>This is the only class of the bundle that names a Config Admin type, and the activator loads it only when the
 * bundle's optional import of {@code org.osgi.service.cm} is wired, so the bundle runs in a framework without Config
 * Admin (the embedded launcher's).
 *
 * <p>Threading: Config Admin calls {@link #updated} on its own thread, one call at a time.
 */
final class JmxConfiguration implements ManagedService {
    /** The PID of the JMX connector's configuration. */
    static final String PID = "io.spore.jmx";

    private final Consumer<Map<String, String>> settings;

    private JmxConfiguration(Consumer<Map<String, String>> settings) {
        this.settings = settings;
    }

    /**
     * The configuration as it is now, read without binding it to this bundle, so that the connector starts with it
     * rather than on the framework's port first; empty when there is none or no Config Admin service runs yet (its
     * first {@link #updated} call then brings it).
     *
     * @param context the JMX bundle's context
     * @return the configured settings by name
     */
    static Map<String, String> current(BundleContext context) {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        if (reference == null) {
            return Map.of();
        }
        ConfigurationAdmin admin = context.getService(reference);
        try {
            Configuration[] found = admin == null ? null
                : admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + PID + ")");
            return found == null || found.length == 0 ? Map.of() : LayeredProperties.settings(found[0].getProperties());
        } catch (IOException | InvalidSyntaxException e) {
            System.getLogger(JmxConfiguration.class.getName()).log(System.Logger.Level.WARNING, "the configuration "
                + PID + " could not be read when the bundle started, so the JMX connector starts with the framework"
                + " properties: " + e);
            return Map.of();
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * @param context  the JMX bundle's context
     * @param settings given the configured settings (empty when there is no configuration) now and at each change
     * @return the registration, to unregister when the bundle stops
     */
    static ServiceRegistration<?> register(BundleContext context, Consumer<Map<String, String>> settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, PID);
        return context.registerService(ManagedService.class, new JmxConfiguration(settings), properties);
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        // A setting that cannot be read, or a connector that cannot start, is refused by the activator, which logs it
        // and keeps the connector as it was: throwing ConfigurationException here would only log it a second time.
        settings.accept(LayeredProperties.settings(properties));
    }
}
