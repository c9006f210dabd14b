package io.spore.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one scrape, gathered metric by metric from every node and then turned into the client's snapshots:
 * one family per metric, however many nodes, factories or peers gave it a sample (the client refuses two families of
 * one name). A metric nobody gave a sample is left out.
 *
 * <p>Threading: one scrape's, on the scraping thread.
 */
final class Samples {
    private record Sample(Labels labels, double value) {
    }

    private final Map<MetricDefinition, List<Sample>> samples = new LinkedHashMap<>();

    /**
     * Adds a sample of {@code metric}.
     *
     * @param labelValues one value for each of the metric's label names, in their order
     */
    void add(MetricDefinition metric, double value, String... labelValues) {
        if (labelValues.length != metric.labels().size()) {
            throw new IllegalArgumentException(metric.name() + " has the labels " + metric.labels() + ", not "
                + labelValues.length + " values");
        }
        Labels labels = Labels.of(metric.labels().toArray(String[]::new), labelValues);
        samples.computeIfAbsent(metric, key -> new ArrayList<>()).add(new Sample(labels, value));
    }

    /** @return the samples gathered, one snapshot per metric, in the order each was first given a sample */
    MetricSnapshots snapshots() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        samples.forEach((metric, points) -> snapshots.add(snapshot(metric, points)));
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(MetricDefinition metric, List<Sample> points) {
        Unit unit = unit(metric.familyName());
        if (metric.kind() == MetricDefinition.Kind.COUNTER) {
            CounterSnapshot.Builder builder = CounterSnapshot.builder().name(metric.familyName()).help(metric.help());
            if (unit != null) {
                builder.unit(unit);
            }
            for (Sample point : points) {
                builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(point.labels())
                    .value(point.value()).build());
            }
            return builder.build();
        }
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(metric.familyName()).help(metric.help());
        if (unit != null) {
            builder.unit(unit);
        }
        for (Sample point : points) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(point.labels())
                .value(point.value()).build());
        }
        return builder.build();
    }

    /** The unit a name ends with, which OpenMetrics states on a line of its own. */
    private static Unit unit(String familyName) {
        if (familyName.endsWith("_seconds")) {
            return Unit.SECONDS;
        }
        return familyName.endsWith("_bytes") ? Unit.BYTES : null;
    }
}
