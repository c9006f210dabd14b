package io.spore.metrics;

import io.spore.api.Node;
import io.spore.api.NodeStats;
import io.spore.api.SpawnAccess;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TrafficStats;

import java.util.List;

import static io.spore.metrics.MetricDefinition.FACTORY;
import static io.spore.metrics.MetricDefinition.NODE;
import static io.spore.metrics.MetricDefinition.OUTCOME;
import static io.spore.metrics.MetricDefinition.counter;
import static io.spore.metrics.MetricDefinition.gauge;

/**
 * The node's own figures ({@link Node#stats()}), its traffic with other nodes by kind (counted by the transport,
 * read through {@link NodeMonitoring#traffic()}), and each spawn name's access-list counts
 * ({@link io.spore.api.Network#spawnAccess()}).
 *
 * <p>Threading: the scraping thread; everything read here is safe from any thread and never blocks.
 */
final class NodeMetrics {
    static final MetricDefinition START_TIME = gauge("spore_node_start_time_seconds",
        "When the node started, in seconds since the epoch.", NODE);
    static final MetricDefinition PROCESSES = gauge("spore_processes", "Processes alive on the node.", NODE);
    static final MetricDefinition SPAWNS = counter("spore_spawns_total",
        "Processes spawned on the node, locally or at another node's request.", NODE);
    static final MetricDefinition SPAWN_FAILURES = counter("spore_spawn_failures_total",
        "Spawns on the node that were refused or whose init failed.", NODE);
    static final MetricDefinition EXITS = counter("spore_process_exits_total", "Processes of the node that ended.",
        NODE);
    static final MetricDefinition CRASHES = counter("spore_process_crashes_total",
        "Processes of the node that ended because a handler threw.", NODE);
    static final MetricDefinition DELIVERED = counter("spore_delivered_messages_total",
        "Messages the node's processes handled.", NODE);
    static final MetricDefinition DROPPED = counter("spore_dropped_messages_total",
        "Messages dropped because the process they were sent to did not exist.", NODE);
    static final MetricDefinition CALLS = counter("spore_calls_total", "Calls made on the node.", NODE);
    static final MetricDefinition CALL_TIMEOUTS = counter("spore_call_timeouts_total",
        "Calls made on the node that timed out.", NODE);
    static final MetricDefinition REMOTE_SPAWN_REQUESTS = counter("spore_remote_spawn_requests_total",
        "Spawn requests from other nodes, by outcome: spawned, or denied (remote spawn off, an unknown or disabled"
            + " spawn name, or a requester not on its access list).", NODE, OUTCOME);
    static final MetricDefinition SENT_MESSAGES = counter("spore_sent_messages_total",
        "Messages (by pid, by name, important) sent to other nodes.", NODE);
    static final MetricDefinition RECEIVED_MESSAGES = counter("spore_received_messages_total",
        "Messages (by pid, by name, important) that arrived from other nodes.", NODE);
    static final MetricDefinition SENT_CALLS = counter("spore_sent_calls_total",
        "Calls sent to processes on other nodes.", NODE);
    static final MetricDefinition RECEIVED_CALLS = counter("spore_received_calls_total",
        "Calls that arrived from other nodes.", NODE);
    static final MetricDefinition SENT_SPAWN_REQUESTS = counter("spore_sent_spawn_requests_total",
        "Spawn requests sent to other nodes.", NODE);
    static final MetricDefinition RECEIVED_SPAWN_REQUESTS = counter("spore_received_spawn_requests_total",
        "Spawn requests that arrived from other nodes, granted or not.", NODE);
    static final MetricDefinition REMOTE_SPAWNS = counter("spore_remote_spawns_total",
        "Remote spawns of the spawn name that succeeded.", NODE, FACTORY);
    static final MetricDefinition REMOTE_SPAWN_DENIALS = counter("spore_remote_spawn_denials_total",
        "Remote spawns of the spawn name refused by its access list (the requester not listed, or the name"
            + " disabled).", NODE, FACTORY);

    /** Every metric of this class, in the README's order. */
    static final List<MetricDefinition> ALL = List.of(START_TIME, PROCESSES, SPAWNS, SPAWN_FAILURES, EXITS, CRASHES,
        DELIVERED, DROPPED, CALLS, CALL_TIMEOUTS, REMOTE_SPAWN_REQUESTS, SENT_MESSAGES, RECEIVED_MESSAGES, SENT_CALLS,
        RECEIVED_CALLS, SENT_SPAWN_REQUESTS, RECEIVED_SPAWN_REQUESTS, REMOTE_SPAWNS, REMOTE_SPAWN_DENIALS);

    private NodeMetrics() {
    }

    /** Adds the samples of the node {@code monitoring} watches, labelled with {@code node}. */
    static void collect(NodeMonitoring monitoring, String node, Samples samples) {
        samples.add(START_TIME, monitoring.startTimeMs() / 1000.0, node);
        NodeStats stats = monitoring.node().stats();
        samples.add(PROCESSES, stats.processes(), node);
        samples.add(SPAWNS, stats.spawned(), node);
        samples.add(SPAWN_FAILURES, stats.spawnFailures(), node);
        samples.add(EXITS, stats.exited(), node);
        samples.add(CRASHES, stats.crashed(), node);
        samples.add(DELIVERED, stats.messagesDelivered(), node);
        samples.add(DROPPED, stats.messagesDropped(), node);
        samples.add(CALLS, stats.calls(), node);
        samples.add(CALL_TIMEOUTS, stats.callTimeouts(), node);
        samples.add(REMOTE_SPAWN_REQUESTS, stats.remoteSpawned(), node, "spawned");
        samples.add(REMOTE_SPAWN_REQUESTS, stats.remoteSpawnDenied(), node, "denied");

        TrafficStats traffic = monitoring.traffic();
        samples.add(SENT_MESSAGES, traffic.messagesOut(), node);
        samples.add(RECEIVED_MESSAGES, traffic.messagesIn(), node);
        samples.add(SENT_CALLS, traffic.callsOut(), node);
        samples.add(RECEIVED_CALLS, traffic.callsIn(), node);
        samples.add(SENT_SPAWN_REQUESTS, traffic.spawnsOut(), node);
        samples.add(RECEIVED_SPAWN_REQUESTS, traffic.spawnsIn(), node);

        for (SpawnAccess access : monitoring.node().network().spawnAccess()) {
            String factory = access.name().value();
            samples.add(REMOTE_SPAWNS, access.spawned(), node, factory);
            samples.add(REMOTE_SPAWN_DENIALS, access.denied(), node, factory);
        }
    }
}
