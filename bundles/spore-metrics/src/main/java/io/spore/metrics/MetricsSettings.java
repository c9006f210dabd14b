package io.spore.metrics;

import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.core.metatype.SettingsDescription;

import java.util.List;
import java.util.Set;

/**
 * Where the metrics endpoint listens: {@link SporeProperties#METRICS_PORT} turns it on, on
 * {@link SporeProperties#METRICS_BIND} (loopback unless told otherwise: the figures name the node's peers and
 * factories, which are not everyone's business).
 *
 * @param port the TCP port
 * @param bind the address to listen on
 */
record MetricsSettings(int port, String bind) {
    /** What consoles show of the configuration {@value MetricsConfiguration#PID}: the settings {@link #read} reads. */
    static final SettingsDescription DESCRIPTION = new SettingsDescription(MetricsConfiguration.PID, "Spore metrics",
        "The Prometheus endpoint's settings, over the framework properties of the same names; spore.metrics.port turns"
            + " it on. A change closes the endpoint and opens it with the new settings; one that cannot be read is"
            + " refused and logged, and the endpoint runs on as it was.",
        List.of(SporeProperties.METRICS_PORT, SporeProperties.METRICS_BIND), Set.of(), "",
        "A change closes the endpoint and opens it again with the new settings.");

    /**
     * @param properties the framework's properties, or the configuration laid over them
     * @return the settings, or {@code null} when no port is set (no endpoint)
     * @throws SporeException {@code INVALID_ARGUMENT} for a setting that cannot be read, in one line naming it
     */
    static MetricsSettings read(PropertySource properties) {
        Integer port = SporeProperties.METRICS_PORT.read(properties);
        String bind = SporeProperties.METRICS_BIND.read(properties);
        if (port == null) {
            return null;
        }
        return new MetricsSettings(port, bind);
    }

    /** @return the endpoint's address as a scraper writes it, {@code http://ADDRESS:PORT/metrics} */
    String url() {
        return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port + "/metrics";
    }
}
