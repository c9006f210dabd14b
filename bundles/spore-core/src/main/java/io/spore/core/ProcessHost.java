package io.spore.core;

import io.spore.api.Node;

/**
 * What a process reaches of its node, in one reference per process so an idle process stays small. The send path
 * does not come through here (a process holds its {@link LocalRouter} directly); what a turn reads on every turn
 * ({@code throughput}, {@code counters}, {@code envelopes}) and the {@code clock} its linger reads are copied in, one
 * hop from the process.
 *
 * @param node the facade, which {@link io.spore.api.ProcessContext#node()} shows to the process's code
 */
record ProcessHost(NodeServices services, int throughput, NodeCounters counters, EnvelopePool envelopes,
                   NanoClock clock, ProcessTable table, RemoteRelations relations, RelationRequests relating,
                   SporeNetwork network, Spawner spawner, Node node) {

    ProcessHost(NodeServices services, ProcessTable table, RemoteRelations relations, RelationRequests relating,
                SporeNetwork network, Spawner spawner, Node node) {
        this(services, services.throughput, services.counters, services.envelopes, services.clock, table,
            relations, relating, network, spawner, node);
    }
}
