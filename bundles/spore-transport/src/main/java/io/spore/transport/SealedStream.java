package io.spore.transport;

import io.aeron.Publication;
import io.spore.transport.seal.Opener;
import io.spore.transport.seal.SealedLayout;
import io.spore.transport.seal.Sealer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One stream of one direction of a sealed connection: a {@link Sealer} (this node's side) or an {@link Opener} (the
 * peer's), with the heap buffer it works in. Frames are written into direct buffers and arrive in Aeron's mapped
 * terms, while the ciphers work on arrays: each frame is copied into the buffer once and sealed or opened there, in
 * place. The buffer grows to the largest frame seen (bounded by what the transport sends and assembles), so the
 * steady state allocates nothing.
 *
 * <p>Threading: a sending stream is used under its publication's lock; a receiving one by the thread doing the
 * receiving work.
 */
final class SealedStream {
    private static final int INITIAL_CAPACITY = 2048;

    private final Sealer sealer;
    private final Opener opener;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[INITIAL_CAPACITY]);

    private SealedStream(Sealer sealer, Opener opener) {
        this.sealer = sealer;
        this.opener = opener;
    }

    static SealedStream sending(Sealer sealer) {
        return new SealedStream(sealer, null);
    }

    static SealedStream receiving(Opener opener) {
        return new SealedStream(null, opener);
    }

    /**
     * Seals the frame at {@code source[offset, offset + length)} and offers the sealed message on
     * {@code publication}. A message the publication refuses is taken back from its key's count
     * ({@link Sealer#unsent()}): a sender retries under back-pressure, sealing again each time, and the refused
     * attempts must not use up an epoch the peer never sees.
     *
     * @return {@code publication.offer}'s result
     */
    long offer(Publication publication, DirectBuffer source, int offset, int length) {
        long result = publication.offer(buffer, 0, seal(source, offset, length));
        if (result < 0) {
            sealer.unsent();
        }
        return result;
    }

    /** Seals the frame at {@code source[offset, offset + length)} into the buffer from 0. @return its length */
    private int seal(DirectBuffer source, int offset, int length) {
        ensureCapacity(length + SealedLayout.OVERHEAD);
        byte[] bytes = buffer.byteArray();
        source.getBytes(offset, bytes, SealedLayout.HEADER_LENGTH, length);
        return sealer.seal(bytes, SealedLayout.HEADER_LENGTH, length, bytes, 0);
    }

    /**
     * Opens the sealed message at {@code source[offset, offset + length)}; its frame is then in {@link #buffer()}
     * from 0.
     *
     * @return the frame's length, or the negative code of the {@link io.spore.transport.seal.Rejection}
     */
    int open(DirectBuffer source, int offset, int length) {
        ensureCapacity(length);
        byte[] bytes = buffer.byteArray();
        source.getBytes(offset, bytes, 0, length);
        return opener.open(bytes, 0, length, bytes, 0);
    }

    /** @return where {@link #open} leaves its frame (and {@link #offer} the message it sealed last) */
    DirectBuffer buffer() {
        return buffer;
    }

    /** @return the key epoch: how many times this stream's keys rotated */
    long epoch() {
        return sealer != null ? sealer.epoch() : opener.epoch();
    }

    /** Overwrites the keys, best effort; the stream is not used afterwards. */
    void destroy() {
        if (sealer != null) {
            sealer.destroy();
        } else {
            opener.destroy();
        }
    }

    private void ensureCapacity(int capacity) {
        if (buffer.capacity() < capacity) {
            buffer.wrap(new byte[Math.max(capacity, 2 * buffer.capacity())]);
        }
    }
}
