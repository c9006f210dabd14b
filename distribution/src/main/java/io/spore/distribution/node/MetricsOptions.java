package io.spore.distribution.node;

import io.spore.distribution.cli.PortConverter;
import io.spore.distribution.framework.NodeConfig;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Prometheus endpoint options of {@code spore node}. Without {@code --metrics-port} there is no endpoint; the
 * figures are still in JMX.
 */
final class MetricsOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = PortConverter.class,
        description = "Serve Prometheus metrics (the node's, its transport's, each connected node's and each spawn"
            + " name's figures) at http://ADDR:PORT/metrics; 9464 is the usual port for such an exporter.")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDR",
        description = "Address the metrics endpoint listens on (default: 127.0.0.1, this host only; 0.0.0.0 for"
            + " every interface, so that a Prometheus on another host can scrape it).")
    String bind;

    /**
     * Checks the combination and copies the options into {@code config}.
     *
     * @throws ParameterException on a bad combination, for the one-line usage error
     */
    NodeConfig applyTo(NodeConfig config) {
        if (port == null && bind != null) {
            throw new ParameterException(spec.commandLine(), "--metrics-bind configures the metrics endpoint, which"
                + " --metrics-port turns on: give --metrics-port too");
        }
        if (port != null && port == 0) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be from 1 to 65535: Prometheus"
                + " needs to know it in advance");
        }
        if (bind != null && bind.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--metrics-bind is empty: give an address of this host");
        }
        return config.metricsPort(port).metricsBind(bind);
    }
}
