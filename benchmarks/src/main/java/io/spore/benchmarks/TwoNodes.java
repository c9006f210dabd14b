package io.spore.benchmarks;

import io.spore.core.SporeNode;
import io.spore.transport.WireSecurity;

/**
 * The two nodes of the benchmarks between two nodes, {@code a@localhost} and {@code b@localhost}: see
 * {@link LoopbackNodes} for how they are made and how to choose their idle strategy.
 */
final class TwoNodes implements AutoCloseable {
    /** The transport's idle strategy, as {@link LoopbackNodes#IDLE_STRATEGY}. */
    static final String IDLE_STRATEGY = LoopbackNodes.IDLE_STRATEGY;

    final SporeNode a;
    final SporeNode b;
    private final LoopbackNodes nodes;

    private TwoNodes(LoopbackNodes nodes) {
        this.nodes = nodes;
        this.a = nodes.node(0);
        this.b = nodes.node(1);
    }

    static TwoNodes start() {
        return new TwoNodes(LoopbackNodes.start(2, false));
    }

    /** @param wireSecurity {@code sealed}, {@code authenticated} or {@code none} ({@link WireSecurity#parse}) */
    static TwoNodes start(String wireSecurity) {
        return new TwoNodes(LoopbackNodes.start(2, false, WireSecurity.parse(wireSecurity)));
    }

    /** @return the bytes both transports have sent so far (frames, headers included; not Aeron's own headers) */
    long bytesSent() {
        return nodes.bytesSent();
    }

    /** @return {@link LoopbackNodes#framesAndBatchesSent()} */
    long[] framesAndBatchesSent() {
        return nodes.framesAndBatchesSent();
    }

    @Override
    public void close() {
        nodes.close();
    }
}
