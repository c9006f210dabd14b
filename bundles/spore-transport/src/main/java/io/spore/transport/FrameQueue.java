package io.spore.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;

/**
 * Copies of frames that wait for an association, oldest first, with their bytes counted: its pending queue (frames
 * senders sent while it was being made) and its outbox (frames the agent made that the publications did not take).
 * Copies are made only on these slow paths; a frame that goes at once is never copied.
 *
 * <p>Threading: not thread-safe; the association guards its pending queue with its monitor, and only the agent
 * touches its outbox.
 */
final class FrameQueue {
    /** A frame copied out of a sender's buffer, and the stream it goes on. */
    private record Copy(int stream, byte[] bytes) {
    }

    private final ArrayDeque<Copy> frames = new ArrayDeque<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private long bytes;

    /** Queues a copy of {@code buffer}'s first {@code length} bytes. */
    void add(int stream, DirectBuffer buffer, int length) {
        byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        frames.add(new Copy(stream, copy));
        bytes += length;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    int size() {
        return frames.size();
    }

    /** @return the bytes of the frames queued */
    long bytes() {
        return bytes;
    }

    /** @return the stream of the oldest frame; the queue must not be empty */
    int oldestStream() {
        return frames.getFirst().stream();
    }

    /** @return a view of the oldest frame, valid until the next call; the queue must not be empty */
    DirectBuffer oldest() {
        view.wrap(frames.getFirst().bytes());
        return view;
    }

    /** @return the length of the oldest frame; the queue must not be empty */
    int oldestLength() {
        return frames.getFirst().bytes().length;
    }

    /** Drops the oldest frame, once it has been sent. */
    void removeOldest() {
        bytes -= frames.removeFirst().bytes().length;
    }

    /** Drops every frame. @return how many there were */
    int clear() {
        int dropped = frames.size();
        frames.clear();
        bytes = 0;
        return dropped;
    }

    /** Moves every frame here in front of those in {@code next}, in order. @return how many moved */
    int moveInFrontOf(FrameQueue next) {
        int moved = frames.size();
        while (!frames.isEmpty()) {
            next.frames.addFirst(frames.removeLast());
        }
        next.bytes += bytes;
        bytes = 0;
        return moved;
    }
}
