package io.spore.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TransportStatistics;

import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every Spore metric of the framework's nodes, read when Prometheus scrapes: nothing polls between scrapes, so a node
 * that nobody scrapes pays nothing (only the last figure of malformed frames is kept, see {@link MalformedOnly}).
 * Each node's samples carry its name as the {@code node} label (a framework may run several), its transport's only
 * while one runs for it.
 *
 * <p>Threading: the exporter's threads, a scrape at a time or several at once; the sources are read-only and safe
 * from any thread.
 */
final class SporeCollector implements MultiCollector {
    private final Supplier<Collection<NodeMonitoring>> nodes;
    private final Function<String, TransportStatistics> transports;
    private final MalformedOnly malformedOnly = new MalformedOnly();

    /**
     * @param nodes      the nodes running now
     * @param transports the statistics of the transport that runs for the named node, or {@code null} when none does
     */
    SporeCollector(Supplier<Collection<NodeMonitoring>> nodes, Function<String, TransportStatistics> transports) {
        this.nodes = nodes;
        this.transports = transports;
    }

    @Override
    public MetricSnapshots collect() {
        Samples samples = new Samples();
        for (NodeMonitoring monitoring : nodes.get()) {
            String node = monitoring.node().name().toString();
            NodeMetrics.collect(monitoring, node, samples);
            TransportStatistics transport = transports.apply(node);
            if (transport != null) {
                TransportMetrics.collect(transport, node, malformedOnly, samples);
                PeerMetrics.collect(transport, node, samples);
            }
        }
        return samples.snapshots();
    }
}
