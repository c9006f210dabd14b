package io.spore.transport;

import io.aeron.Publication;
import io.spore.transport.seal.SealedLayout;
import io.spore.wire.Chunks;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts a frame too long for one Aeron message into {@code Chunk} frames and offers them in order on its publication,
 * one Aeron message each, with no other frame between them; the peer joins them again ({@link ChunkAssembler}).
 *
 * <p>Why: the term length fixes the longest Aeron message (an eighth of a term), and the terms are kept small so that
 * a busy peer pins little of {@code /dev/shm} (three terms per publication and per image). Cutting here, after the
 * frame is written and before it is sealed, lets each chunk be sealed as its own Aeron message (the sink seals), so
 * the receiver opens each before it joins them. A frame that fits one message goes whole, through the same sink,
 * with no cost but a length check.
 *
 * <p>Back-pressure: a frame is not accepted when its first chunk is not; once a chunk went, the frame is accepted, and
 * what the publication did not take is copied aside (the rest) and sent before anything else: by the next offer on
 * the publication, its flush, or the receive agent ({@link StagedFlushes}), as a staged batch is. So a sender never
 * leaves half a frame behind, and at most one frame per publication waits, in a buffer that grows to the largest
 * frame once and is kept.
 *
 * <p>Threading: guarded by its publication's lock; {@link #hasRest()} and {@link #stalled()} may be read without it
 * (racy: for the agent's idle decision).
 */
final class FrameChunker {
    /** Offers one Aeron message: the publication's own offer, sealing it once the connection seals. */
    @FunctionalInterface
    interface Sink {
        long offer(DirectBuffer buffer, int offset, int length);
    }

    /** What {@link #offer} returns for a frame it accepted while its rest waits: accepted, position not yet known. */
    static final long ACCEPTED = 1;
    /** Term rotations in a row a chunk is retried through (each {@code ADMIN_ACTION} asks for one retry). */
    private static final int ROTATION_RETRIES = 2;

    private final Sink sink;
    /** The longest frame sent whole: an Aeron message, less what a seal adds. */
    private final int maxWhole;
    private final int maxPiece;
    /** One chunk frame, written before each offer; made on the first frame cut. */
    private UnsafeBuffer chunk;
    /** The part of the frame in progress that had not gone when the publication back-pressured. */
    private final ExpandableArrayBuffer rest = new ExpandableArrayBuffer(64);
    private long nextMessageId;
    private long messageId;
    private int totalLength;
    /** Bytes of the frame in progress sent so far, and the index of its next chunk. */
    private int sent;
    private int nextIndex;
    /** Where {@link #rest} begins in the frame. */
    private int restFrom;
    private volatile boolean hasRest;
    /** Whether the last attempt to send the rest sent nothing: the peer back-pressures. */
    private volatile boolean stalled;

    /**
     * @param sink             offers one Aeron message
     * @param maxMessageLength the publication's longest Aeron message ({@code Publication.maxMessageLength()})
     */
    FrameChunker(Sink sink, int maxMessageLength) {
        this.sink = sink;
        this.maxWhole = maxMessageLength - SealedLayout.OVERHEAD;
        this.maxPiece = maxWhole - Chunks.HEADER_LENGTH;
    }

    /** @return the longest frame sent whole */
    int maxWhole() {
        return maxWhole;
    }

    /**
     * Offers a frame: whole if it fits one Aeron message, else in chunks. Only when {@link #hasRest()} is false.
     *
     * @return positive when the frame was accepted (a position, or {@link #ACCEPTED} while its rest waits), else
     *         Aeron's negative result, and nothing of it went
     */
    long offer(DirectBuffer buffer, int offset, int length) {
        if (length <= maxWhole) {
            return sink.offer(buffer, offset, length);
        }
        if (chunk == null) {
            chunk = new UnsafeBuffer(new byte[maxWhole]);
        }
        messageId = nextMessageId;
        totalLength = length;
        sent = 0;
        nextIndex = 0;
        long result = send(buffer, offset, Integer.MAX_VALUE);
        if (sent == 0) {
            return result;
        }
        nextMessageId++;
        if (sent < totalLength) {
            restFrom = sent;
            rest.putBytes(0, buffer, offset + sent, totalLength - sent);
            stalled = false;
            hasRest = true;
            return ACCEPTED;
        }
        return result;
    }

    /**
     * Sends what waits of the frame in progress, as far as the publication takes it.
     *
     * @return positive when nothing waits (any more), else Aeron's negative result
     */
    long flush() {
        return flush(Integer.MAX_VALUE);
    }

    /**
     * Sends at most {@code maxChunks} chunks of what waits: the receive agent's share of a long frame per duty cycle,
     * so that sealing it never keeps the agent from its polls for long ({@link GuardedPublication#flushRest}).
     *
     * @return positive when nothing waits (any more), else Aeron's negative result, or 0 when chunks are left
     */
    long flush(int maxChunks) {
        if (!hasRest) {
            return ACCEPTED;
        }
        int before = sent;
        long result = send(rest, -restFrom, maxChunks);
        stalled = sent == before;
        if (sent < totalLength) {
            return result;
        }
        hasRest = false;
        return result;
    }

    /** @return whether part of a frame waits to be sent; nothing else may be offered before it */
    boolean hasRest() {
        return hasRest;
    }

    /** @return whether the last attempt to send the rest sent nothing (the peer back-pressures) */
    boolean stalled() {
        return stalled;
    }

    /** Forgets the frame in progress: its publication is closing. */
    void discard() {
        hasRest = false;
    }

    /**
     * Offers the chunks of the frame from {@link #sent} on, at most {@code maxChunks} of them; its byte {@code i} is
     * at {@code frame[base + i]}.
     *
     * @return the last offer's result: positive when every chunk went, 0 when {@code maxChunks} went and more wait
     */
    private long send(DirectBuffer frame, int base, int maxChunks) {
        long result = ACCEPTED;
        int rotations = 0;
        int chunks = 0;
        while (sent < totalLength) {
            if (chunks == maxChunks) {
                return 0;
            }
            int piece = Math.min(maxPiece, totalLength - sent);
            Chunks.putHeader(chunk, 0, messageId, nextIndex, totalLength, piece);
            chunk.putBytes(Chunks.HEADER_LENGTH, frame, base + sent, piece);
            result = sink.offer(chunk, 0, Chunks.HEADER_LENGTH + piece);
            if (result == Publication.ADMIN_ACTION && rotations++ < ROTATION_RETRIES) {
                continue; // the log moved to its next term: the chunk fits now
            }
            if (result < 0) {
                return result;
            }
            rotations = 0;
            sent += piece;
            nextIndex++;
            chunks++;
        }
        return result;
    }
}
