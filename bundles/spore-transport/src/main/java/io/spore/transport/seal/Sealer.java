package io.spore.transport.seal;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Objects;

/**
 * Seals the messages of one direction of a connection, as {@link SealedLayout} lays them out: a new sequence number
 * for each, the current epoch's key, and a rotation to the next epoch when the {@link KeyLimits} say so (checked
 * before each message, so no message is sealed under a key past its limits). The peer's {@link Opener} follows
 * the epochs by the header's epoch byte; nothing else is exchanged.
 *
 * <p>Every epoch reaches the peer: the opener follows the epochs one at a time (an epoch two ahead of its own is
 * {@link Rejection#UNKNOWN_EPOCH}), so the sealer never leaves an epoch none of whose messages was sent. A caller
 * whose message did not go ({@code Publication.offer} refused it: back-pressure) says so with {@link #unsent()}: the
 * message then counts toward no limit. Why: a sender that retries under back-pressure seals its message again for
 * every attempt; counted, a few hundred refused attempts would use up a whole epoch (with a small message limit),
 * and the first message to go would be two epochs ahead of the peer, which refuses it and ends the connection. The
 * limits therefore count the messages that went out, the only ones anyone saw; a sequence number is never given
 * twice either way.
 *
 * <p>Steady state allocates nothing with {@link Suite#AES_256_CTR_HMAC_SHA256} and {@link Suite#HMAC_SHA256};
 * with the JDK's AEADs it allocates what their {@code Cipher.init} does (see {@link JdkAeadCipher}). A rotation
 * allocates (an HKDF step and new keys), once per epoch. The clock is read once per message: pass a cached clock
 * where that matters.
 *
 * <p>Not thread-safe: one thread at a time, such as the holder of the publication's lock.
 */
public final class Sealer {
    private final Suite suite;
    private final KeyLimits limits;
    private final NanoClock clock;
    private TrafficSecret secret;
    private EpochCipher cipher;
    private volatile long epoch;
    private long nextSequence;
    /** Messages sealed under the current key and not taken back by {@link #unsent()}, and their payload bytes. */
    private long epochMessages;
    private long epochBytes;
    private long epochStartNs;
    /** The payload length of the message sealed last, until {@link #unsent()} takes it back; else -1. */
    private int lastLength = -1;

    /**
     * A sealer with the {@link KeyLimits#DEFAULT default limits} and the system's clock.
     *
     * @param suite  the suite both sides agreed on
     * @param secret this direction's traffic secret, normally epoch 0 from the handshake; copied
     */
    public Sealer(Suite suite, TrafficSecret secret) {
        this(suite, secret, KeyLimits.DEFAULT, SystemNanoClock.INSTANCE);
    }

    /**
     * @param suite  the suite both sides agreed on
     * @param secret this direction's traffic secret, normally epoch 0 from the handshake; copied
     * @param limits when to move to the next epoch
     * @param clock  the time for {@link KeyLimits#maxAgeNs()}
     */
    public Sealer(Suite suite, TrafficSecret secret, KeyLimits limits, NanoClock clock) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secret = secret.copy();
        this.cipher = suite.newCipher(this.secret);
        this.epoch = this.secret.epoch();
        this.epochStartNs = clock.nanoTime();
    }

    /**
     * Seals a payload with no associated data of the caller's. See {@link #seal(byte[], int, int, byte[], int, int,
     * byte[], int)}.
     *
     * @return the sealed message's length: {@code length + }{@link SealedLayout#OVERHEAD}
     */
    public int seal(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
        return seal(source, sourceOffset, length, null, 0, 0, target, targetOffset);
    }

    /**
     * Seals {@code length} bytes of {@code source} into a message at {@code target[targetOffset]}. In place when
     * {@code source == target} and {@code sourceOffset == targetOffset + HEADER_LENGTH} (the payload already sits
     * where the body goes, leaving room for the header); any other overlap is refused.
     *
     * @param associated       data both sides know and the tag covers, not sent (may be {@code null} when its
     *                         length is 0)
     * @return the sealed message's length: {@code length + }{@link SealedLayout#OVERHEAD}
     * @throws IndexOutOfBoundsException when a range is outside its array
     * @throws IllegalArgumentException  when the target cannot hold the message, or overlaps the source other
     *                                   than in place
     * @throws IllegalStateException     after 2^63 messages (never, in practice)
     */
    public int seal(byte[] source, int sourceOffset, int length, byte[] associated, int associatedOffset,
                    int associatedLength, byte[] target, int targetOffset) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        if (associatedLength > 0) {
            Objects.checkFromIndexSize(associatedOffset, associatedLength, associated.length);
        }
        int sealedLength = length + SealedLayout.OVERHEAD;
        if (targetOffset < 0 || sealedLength < 0 || target.length - targetOffset < sealedLength) {
            throw new IllegalArgumentException("a sealed message of " + length + " bytes needs " + sealedLength
                + " bytes at " + targetOffset + " of a buffer of " + target.length);
        }
        if (source == target && sourceOffset != targetOffset + SealedLayout.HEADER_LENGTH
            && sourceOffset < targetOffset + sealedLength && targetOffset < sourceOffset + length) {
            throw new IllegalArgumentException("the payload at " + sourceOffset + " overlaps the sealed message at "
                + targetOffset + "; in place, the payload starts " + SealedLayout.HEADER_LENGTH + " bytes after it");
        }
        // Never out of an epoch that has sent nothing: the peer could not follow (see the class comment).
        if (epochMessages > 0 && (epochMessages >= limits.maxMessages() || epochBytes + length > limits.maxBytes()
            || clock.nanoTime() - epochStartNs >= limits.maxAgeNs())) {
            rotate();
        }
        long sequence = nextSequence;
        if (sequence < 0) {
            throw new IllegalStateException("a connection's 2^63 sequence numbers are used up; reconnect");
        }
        nextSequence = sequence + 1;
        SealedLayout.putHeader(target, targetOffset, sequence, epoch);
        cipher.seal(sequence, source, sourceOffset, length, associated, associatedOffset, associatedLength, target,
            targetOffset);
        epochMessages++;
        epochBytes += length;
        lastLength = length;
        return sealedLength;
    }

    /**
     * The message sealed last was not sent (the publication refused it, and will be offered another): it counts
     * toward none of the key's limits, so that refused attempts never use up an epoch the peer does not see. Its
     * sequence number is not given again. Does nothing when no message was sealed since the last call or rotation.
     */
    public void unsent() {
        if (lastLength < 0) {
            return;
        }
        epochMessages--;
        epochBytes -= lastLength;
        lastLength = -1;
    }

    /**
     * Moves to the next epoch now: the next message is sealed under the next key. Called by {@link #seal} when
     * the limits say so; also for a rotation on demand.
     */
    public void rotate() {
        TrafficSecret next = secret.next();
        EpochCipher nextCipher = suite.newCipher(next);
        cipher.destroy();
        secret.destroy();
        secret = next;
        cipher = nextCipher;
        epoch = next.epoch();
        epochMessages = 0;
        epochBytes = 0;
        lastLength = -1;
        epochStartNs = clock.nanoTime();
    }

    /** @return the current key epoch; any thread (a recent value) */
    public long epoch() {
        return epoch;
    }

    /** @return the sequence number the next message gets */
    public long nextSequence() {
        return nextSequence;
    }

    /** @return the suite */
    public Suite suite() {
        return suite;
    }

    /** Overwrites the current keys, best effort; the sealer is not used afterwards. */
    public void destroy() {
        cipher.destroy();
        secret.destroy();
    }
}
