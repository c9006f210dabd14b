package io.spore.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.spore.wire.FrameType;
import org.agrona.DirectBuffer;

import java.util.ArrayDeque;

/**
 * The receiving side of DataBarrier for one peer: the calls, replies and spawn frames that must wait until this
 * node has read the peer's data stream up to the position the peer's last barrier named, so that they are handled
 * after the messages and signals the peer sent before them.
 *
 * <p>A frame is held when the peer's data stream is behind the barrier, or when earlier frames are held already (so
 * they keep their order; later barriers are held in line too). {@link TransportAgent} lets them go after each poll
 * of the data stream, in order, as far as the data read allows. Frames about the connection itself (heartbeats,
 * pings) are never held. Held frames are copies, made only while something is held.
 *
 * <p>Threading: the receiving thread only (the agent, or a helper holding the receive lock).
 */
final class HeldControlFrames {
    /** More held frames than this means the barrier will never be reached: the peer is treated as broken. */
    static final int LIMIT = 65_536;
    /**
     * More held bytes than this, likewise: a count alone would let a peer park 64 Ki largest frames (64 GiB) here.
     * Calls and replies behind a barrier are held only while the data stream catches up, a few milliseconds' worth.
     */
    static final long LIMIT_BYTES = 32L * 1024 * 1024;

    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private long heldBytes;
    private long barrierPosition;
    private Image dataImage;

    /** @return whether {@code type} is ordered behind the data stream: calls, replies and spawn frames */
    static boolean isOrdered(FrameType type) {
        return switch (type) {
            case CALL_REQUEST, CALL_REPLY, SPAWN_REQUEST, SPAWN_REPLY, DATA_BARRIER -> true;
            default -> false;
        };
    }

    /** @return whether frames are held, so a newly arrived ordered frame must join them */
    boolean isHolding() {
        return !frames.isEmpty();
    }

    /** A barrier that is not held: from now on ordered frames wait for the data stream to reach {@code position}. */
    void raise(long position) {
        barrierPosition = Math.max(barrierPosition, position);
    }

    /** @return whether the peer's data stream, as read so far, has reached the current barrier */
    boolean reached(Subscription data, int sessionId) {
        return barrierPosition == 0 || dataPosition(data, sessionId) >= barrierPosition;
    }

    /**
     * Holds a copy of the frame; false when the peer is past {@link #LIMIT} frames or {@link #LIMIT_BYTES} bytes and
     * must be dropped (checked before the copy is made).
     */
    boolean hold(DirectBuffer buffer, int offset, int length) {
        if (frames.size() >= LIMIT || heldBytes + length > LIMIT_BYTES) {
            return false;
        }
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        frames.add(copy);
        heldBytes += length;
        return true;
    }

    /** @return the oldest held frame, or {@code null} */
    byte[] peek() {
        return frames.peek();
    }

    /** Drops the oldest held frame, once it has been handled. */
    void pop() {
        byte[] frame = frames.poll();
        if (frame != null) {
            heldBytes -= frame.length;
        }
    }

    /** The connection is gone: whatever was held goes with it. */
    void clear() {
        frames.clear();
        heldBytes = 0;
        dataImage = null;
    }

    private long dataPosition(Subscription data, int sessionId) {
        Image image = dataImage;
        if (image == null || image.isClosed()) {
            image = data.imageBySessionId(sessionId);
            dataImage = image;
        }
        return image == null ? Long.MIN_VALUE : image.position();
    }
}
