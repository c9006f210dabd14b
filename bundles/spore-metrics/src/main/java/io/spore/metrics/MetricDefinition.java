package io.spore.metrics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One metric as a scraper sees it: its name (with {@code _total} for a counter, and its unit), kind, help and label
 * names. The constants of {@link NodeMetrics}, {@link TransportMetrics} and {@link PeerMetrics} are the table the
 * README documents; their names and labels are kept stable, as dashboards and alerts are written against them.
 *
 * @param name   the name as exposed, {@code spore_} first; a counter's ends with {@code _total}
 * @param kind   counter or gauge
 * @param help   what it counts, for the {@code # HELP} line
 * @param labels the label names, {@code node} first
 */
record MetricDefinition(String name, Kind kind, String help, List<String> labels) {
    /** This node's name, on every metric. */
    static final String NODE = "node";
    /** The other node, on the per-peer metrics. */
    static final String PEER = "peer";
    /** The spawn name, on the access lists' metrics. */
    static final String FACTORY = "factory";
    /** Why the transport dropped what it dropped. */
    static final String REASON = "reason";
    /** What became of a remote spawn request. */
    static final String OUTCOME = "outcome";

    private static final Pattern NAME = Pattern.compile("spore_[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /** What a metric's samples mean over time. */
    enum Kind {
        /** Only grows (it starts again from zero when what it counts starts again). */
        COUNTER,
        /** A value now. */
        GAUGE
    }

    /** Checks the conventions Prometheus's own lint ({@code promtool check metrics}) checks. */
    MetricDefinition {
        if (!NAME.matcher(name).matches() || (kind == Kind.COUNTER) != name.endsWith("_total")) {
            throw new IllegalArgumentException("not a Spore metric name for a " + kind + ": " + name);
        }
        labels = List.copyOf(labels);
    }

    /** A counter of {@code labels}. */
    static MetricDefinition counter(String name, String help, String... labels) {
        return new MetricDefinition(name, Kind.COUNTER, help, List.of(labels));
    }

    /** A gauge of {@code labels}. */
    static MetricDefinition gauge(String name, String help, String... labels) {
        return new MetricDefinition(name, Kind.GAUGE, help, List.of(labels));
    }

    /** @return the name without a counter's {@code _total}, which the client's writers add back */
    String familyName() {
        return kind == Kind.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
