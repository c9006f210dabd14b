package io.spore.transport.seal;

import java.util.concurrent.TimeUnit;

/**
 * When a {@link Sealer} moves to the next key epoch: after {@code maxMessages} messages, or {@code maxBytes} bytes of
 * payload, or {@code maxAgeNs} nanoseconds under one key, whichever comes first. Messages and bytes are those that
 * were sent: an attempt the publication refused ({@link Sealer#unsent()}) was seen by no one and does not count.
 *
 * <p>Why these limits ({@link #DEFAULT}): TLS 1.3 allows 2^24.5 full-size records per AES-GCM key (RFC 8446,
 * section 5.5, for a margin of about 2^-57); Spore rotates at 2^24 messages of any size, and at 2^34 bytes (2^30
 * AES blocks, far below the 2^34.5 blocks of that figure, so large messages cannot exceed it either), whichever
 * comes first. ChaCha20-Poly1305 and HMAC-SHA256 allow more; one rule for all keeps it simple. Every two minutes at
 * most, as WireGuard's REKEY_AFTER_TIME, so that a secret taken from a running node opens at most two minutes of
 * the traffic recorded before (each epoch's secret is a one-way step from the last). A rotation costs one HKDF
 * step on each side and no message, no round trip and no pause.
 *
 * @param maxMessages messages per key, 1 to 2^24
 * @param maxBytes    payload bytes per key, 1 to 2^36
 * @param maxAgeNs    nanoseconds per key, at least 1
 */
public record KeyLimits(long maxMessages, long maxBytes, long maxAgeNs) {
    /** The most messages a key may seal: TLS 1.3's AES-GCM limit, rounded down to 2^24. */
    public static final long MESSAGES_CEILING = 1L << 24;
    /** The most bytes a key may seal: 2^32 AES blocks, a confidentiality margin of about 2^-65 for AES-GCM. */
    public static final long BYTES_CEILING = 1L << 36;
    /** Spore's limits: 2^24 messages, 2^34 bytes (16 GiB), two minutes. */
    public static final KeyLimits DEFAULT = new KeyLimits(MESSAGES_CEILING, 1L << 34, TimeUnit.MINUTES.toNanos(2));

    /**
     * @throws IllegalArgumentException when a limit is out of its range
     */
    public KeyLimits {
        if (maxMessages < 1 || maxMessages > MESSAGES_CEILING) {
            throw new IllegalArgumentException("messages per key must be 1 to 2^24 (" + MESSAGES_CEILING
                + ", the AES-GCM limit), not " + maxMessages);
        }
        if (maxBytes < 1 || maxBytes > BYTES_CEILING) {
            throw new IllegalArgumentException("bytes per key must be 1 to 2^36 (" + BYTES_CEILING + "), not "
                + maxBytes);
        }
        if (maxAgeNs < 1) {
            throw new IllegalArgumentException("a key's lifetime must be positive, not " + maxAgeNs + " ns");
        }
    }
}
