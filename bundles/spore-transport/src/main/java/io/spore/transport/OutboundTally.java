package io.spore.transport;

/**
 * The frames and bytes one sending thread has offered successfully: each thread that sends owns one (with its
 * {@link FrameWriter}), the agent owns another, and {@link TransportCounters} sums them when asked.
 *
 * <p>Threading: counted by its owning thread only; read from any.
 */
final class OutboundTally {
    final SingleWriterCounter frames = new SingleWriterCounter();
    final SingleWriterCounter bytes = new SingleWriterCounter();

    /** Owner only: one frame of {@code length} bytes left. */
    void sent(int length) {
        frames.increment();
        bytes.add(length);
    }
}
