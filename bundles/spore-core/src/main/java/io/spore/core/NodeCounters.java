package io.spore.core;

import java.util.concurrent.atomic.LongAdder;

/** The node's counters; {@link LongAdder}s so that workers bumping them do not contend on one cache line. */
final class NodeCounters {
    final LongAdder spawned = new LongAdder();
    final LongAdder spawnFailures = new LongAdder();
    final LongAdder exited = new LongAdder();
    final LongAdder crashed = new LongAdder();
    final LongAdder messagesDelivered = new LongAdder(); // added once per turn, by the consumer
    final LongAdder messagesDropped = new LongAdder();
    final LongAdder calls = new LongAdder();
    final LongAdder callTimeouts = new LongAdder();
    final LongAdder remoteSpawned = new LongAdder();
    final LongAdder remoteSpawnDenied = new LongAdder();
}
