package io.spore.transport.seal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Opens the messages of one direction of a connection (sealed by the peer's {@link Sealer}): it checks, in this
 * order, the length, the replay window, the epoch and the tag, and only then writes the payload. A refused message
 * is counted by {@link Rejection} and its payload never written; {@link #open} returns the rejection's negative
 * code instead of throwing.
 *
 * <p>Epochs: the opener follows the sealer's rotations by the header's epoch byte. A message of the next epoch
 * that proves authentic under the next key (derived when first needed) makes that epoch current; the previous
 * key is kept while a message of the previous epoch could still be in the replay window (until the highest
 * sequence opened is {@link ReplayWindow#SIZE} past the first of the new epoch), so messages in flight across a
 * rotation still open, in any order the window allows, and traffic never pauses. An epoch two or more ahead, or
 * older than the kept one, is {@link Rejection#UNKNOWN_EPOCH}: a sealer that rotates after each of fewer than
 * {@value ReplayWindow#SIZE} messages, with messages reordered across two rotations, would meet it (Aeron
 * delivers a session's messages in order, and a {@link Sealer} never leaves an epoch none of whose messages was
 * sent, so it does not happen between Spore nodes).
 *
 * <p>Steady state allocates nothing with {@link Suite#AES_256_CTR_HMAC_SHA256} and {@link Suite#HMAC_SHA256};
 * with the JDK's AEADs it allocates what their {@code Cipher.init} does. A new epoch allocates once.
 *
 * <p>Not thread-safe: one receiving thread. {@link #rejections} and {@link #epoch()} may be read from any thread.
 */
public final class Opener {
    private final Suite suite;
    private final ReplayWindow window = new ReplayWindow();
    private final AtomicLongArray rejections = new AtomicLongArray(Rejection.values().length);
    private TrafficSecret secret;
    private TrafficSecret nextSecret;
    private EpochCipher current;
    private EpochCipher previous;
    private EpochCipher next;
    private volatile long epoch;
    /** The lowest sequence opened in the current epoch: every earlier epoch's message is below it. */
    private long currentLowest;

    /**
     * @param suite  the suite both sides agreed on
     * @param secret the peer's sending direction's traffic secret, normally epoch 0 from the handshake; copied
     */
    public Opener(Suite suite, TrafficSecret secret) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.secret = secret.copy();
        this.current = suite.newCipher(this.secret);
        this.epoch = this.secret.epoch();
    }

    /**
     * Opens a message with no associated data of the caller's. See {@link #open(byte[], int, int, byte[], int, int,
     * byte[], int)}.
     *
     * @return the payload's length, or a {@link Rejection#code()} (negative)
     */
    public int open(byte[] message, int offset, int length, byte[] target, int targetOffset) {
        return open(message, offset, length, null, 0, 0, target, targetOffset);
    }

    /**
     * Opens the sealed message at {@code message[offset, offset + length)} and writes its payload at
     * {@code target[targetOffset]}. In place when {@code target == message} and {@code targetOffset <= offset +
     * HEADER_LENGTH}; an overlap that starts later is refused.
     *
     * @param associated the same associated data the sealer was given (may be {@code null} when its length is 0)
     * @return the payload's length ({@code length - }{@link SealedLayout#OVERHEAD}), or the {@link Rejection#code()}
     *         of why the message was refused (negative); the payload is written only when authentic
     * @throws IndexOutOfBoundsException when a range is outside its array
     * @throws IllegalArgumentException  when the target overlaps the message other than in place
     */
    public int open(byte[] message, int offset, int length, byte[] associated, int associatedOffset,
                    int associatedLength, byte[] target, int targetOffset) {
        Objects.checkFromIndexSize(offset, length, message.length);
        if (associatedLength > 0) {
            Objects.checkFromIndexSize(associatedOffset, associatedLength, associated.length);
        }
        if (target == message && targetOffset > offset + SealedLayout.HEADER_LENGTH
            && targetOffset < offset + length) {
            throw new IllegalArgumentException("the payload's place " + targetOffset + " overlaps the message at "
                + offset + " from behind; in place, it starts at most " + SealedLayout.HEADER_LENGTH
                + " bytes after the message");
        }
        if (length < SealedLayout.OVERHEAD) {
            return reject(Rejection.TRUNCATED);
        }
        int payloadLength = length - SealedLayout.OVERHEAD;
        if (targetOffset < 0 || target.length - targetOffset < payloadLength) {
            return reject(Rejection.TOO_LONG);
        }
        long sequence = SealedLayout.sequence(message, offset);
        if (window.tooOld(sequence)) {
            return reject(Rejection.TOO_OLD);
        }
        if (window.seen(sequence)) {
            return reject(Rejection.REPLAY);
        }
        EpochCipher cipher = cipherOf(SealedLayout.epoch(message, offset));
        if (cipher == null) {
            return reject(Rejection.UNKNOWN_EPOCH);
        }
        if (!cipher.open(sequence, message, offset, length, associated, associatedOffset, associatedLength, target,
            targetOffset)) {
            return reject(Rejection.BAD_TAG);
        }
        window.mark(sequence);
        if (cipher == next) {
            advance(sequence);
        } else if (cipher == current && sequence < currentLowest) {
            currentLowest = sequence;
        }
        if (previous != null && window.highest() - currentLowest >= ReplayWindow.SIZE - 1) {
            // Every sequence of the previous epoch is below currentLowest, so now too old to open: drop its key.
            previous.destroy();
            previous = null;
        }
        return payloadLength;
    }

    /** @return the current key epoch; any thread (a recent value) */
    public long epoch() {
        return epoch;
    }

    /** @return the highest sequence opened so far, or -1 */
    public long highestSequence() {
        return window.highest();
    }

    /**
     * @param reason a rejection
     * @return how many messages were refused for it; any thread
     */
    public long rejections(Rejection reason) {
        return rejections.get(reason.ordinal());
    }

    /** @return whether the previous epoch's key is still kept (for messages in flight across a rotation) */
    public boolean keepsPreviousEpoch() {
        return previous != null;
    }

    /** @return the suite */
    public Suite suite() {
        return suite;
    }

    /** Overwrites every key held, best effort; the opener is not used afterwards. */
    public void destroy() {
        current.destroy();
        if (previous != null) {
            previous.destroy();
        }
        if (next != null) {
            next.destroy();
            nextSecret.destroy();
        }
        secret.destroy();
    }

    private EpochCipher cipherOf(byte epochByte) {
        long now = epoch;
        if (epochByte == (byte) now) {
            return current;
        }
        if (epochByte == (byte) (now + 1)) {
            if (next == null) {
                nextSecret = secret.next();
                next = suite.newCipher(nextSecret);
            }
            return next;
        }
        if (epochByte == (byte) (now - 1)) {
            return previous;
        }
        return null;
    }

    private void advance(long firstSequence) {
        if (previous != null) {
            previous.destroy();
        }
        previous = current;
        current = next;
        next = null;
        secret.destroy();
        secret = nextSecret;
        nextSecret = null;
        currentLowest = firstSequence;
        epoch = secret.epoch();
    }

    private int reject(Rejection reason) {
        rejections.incrementAndGet(reason.ordinal());
        return reason.code();
    }
}
