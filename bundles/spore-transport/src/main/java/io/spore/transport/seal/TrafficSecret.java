package io.spore.transport.seal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The secret of one direction of a connection in one key epoch, from which that epoch's keys come.
 *
 * <p>Epoch 0 comes from the handshake ({@link KeySchedule}); epoch n + 1 is {@link #next()}: {@code
 * HKDF-Expand-Label(secret, "key update", "", 32)}, TLS 1.3's KeyUpdate (RFC 8446, section 7.2). The step is one-way,
 * so a secret taken from a running node does not give the keys of earlier epochs. A suite's keys for the epoch are
 * {@code HKDF-Expand-Label(secret, purpose, suite name, length)}, purpose {@code "key"}, {@code "iv"} or
 * {@code "mac"}: no two suites, and no two purposes, share a key.
 *
 * <p>Not thread-safe; each {@link Sealer} and {@link Opener} keeps its own copy. {@link #toString()} never shows
 * the secret.
 */
public final class TrafficSecret {
    /** Bytes in a traffic secret. */
    public static final int LENGTH = Hkdf.HASH_LENGTH;

    private final long epoch;
    private final byte[] secret;

    /** Takes ownership of {@code secret}. */
    TrafficSecret(long epoch, byte[] secret) {
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("a traffic secret has " + LENGTH + " bytes, not " + secret.length);
        }
        this.epoch = epoch;
        this.secret = secret;
    }

    /** @return the key epoch this secret belongs to; 0 for the handshake's */
    public long epoch() {
        return epoch;
    }

    /** @return the next epoch's secret (the key update); this one is left as it is */
    public TrafficSecret next() {
        return new TrafficSecret(epoch + 1, Hkdf.expandLabel(secret, "key update", new byte[0], LENGTH));
    }

    /**
     * The secret of one stream of this direction: a connection's control and data streams are two independent
     * sequences of messages (Aeron orders each, not the two together), so each gets its own key chain and its own
     * sequence numbers, and a nonce is never used twice under one key.
     *
     * @param stream the stream's name, {@code "control"} or {@code "data"}
     * @return epoch 0 of that stream's chain: {@code HKDF-Expand-Label(secret, "stream " + stream, "", 32)}
     */
    public TrafficSecret forStream(String stream) {
        return new TrafficSecret(0, Hkdf.expandLabel(secret, "stream " + stream, new byte[0], LENGTH));
    }

    /** @return an independent copy, which can be destroyed apart from this one */
    public TrafficSecret copy() {
        return new TrafficSecret(epoch, secret.clone());
    }

    /** Overwrites the secret: best effort, as anything on a garbage-collected heap. */
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
    }

    /** Key material of this epoch for one purpose of one suite. */
    byte[] expand(String purpose, Suite suite, int length) {
        return Hkdf.expandLabel(secret, purpose, suite.name().getBytes(StandardCharsets.US_ASCII), length);
    }

    /** For tests: whether two secrets are equal (not constant time). */
    boolean sameSecretAs(TrafficSecret other) {
        return Arrays.equals(secret, other.secret);
    }

    @Override
    public String toString() {
        return "TrafficSecret[epoch " + epoch + ", hidden]";
    }
}
