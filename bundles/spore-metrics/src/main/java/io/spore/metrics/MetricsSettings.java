package io.spore.metrics;

import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;

/**
 * Where the metrics endpoint listens: {@link SporeProperties#METRICS_PORT} turns it on, on
 * {@link SporeProperties#METRICS_BIND} (loopback unless told otherwise: the figures name the node's peers and
 * factories, which are not everyone's business).
 *
 * @param port the TCP port
 * @param bind the address to listen on
 */
record MetricsSettings(int port, String bind) {
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
