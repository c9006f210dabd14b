package io.spore.transport.seal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) made of the JDK's SHA-256 {@link MessageDigest}, for the per-message tags.
 *
 * <p>Why not {@link javax.crypto.Mac}: JDK 17's {@code HmacCore.engineDoFinal} returns a new array for every tag
 * (48 bytes per message), and {@code Mac.doFinal(byte[], int)} copies from it. {@link MessageDigest#digest(byte[],
 * int, int)} writes into the caller's array, so a tag made here allocates nothing. The SHA-256 compression is the
 * JDK's, intrinsified (SHA-NI or AVX2) exactly as under {@code Mac}: measured on the build machine, this class and
 * {@code Mac} take the same time per tag. The inner and outer pads are computed once per key.
 *
 * <p>Not thread-safe: one per sealer or opener epoch.
 */
final class HmacSha256 {
    /** Bytes in a full tag. */
    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];

    /**
     * @param key the key; one longer than SHA-256's block is hashed first, as RFC 2104 says
     */
    HmacSha256(byte[] key) {
        sha256 = newSha256();
        byte[] block = key.length > BLOCK ? sha256.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < block.length ? block[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        if (block != key) {
            Arrays.fill(block, (byte) 0);
        }
    }

    /** Begins a tag, dropping whatever an unfinished one had taken in. */
    void start() {
        sha256.reset();
        sha256.update(innerPad);
    }

    void update(byte[] input, int offset, int length) {
        sha256.update(input, offset, length);
    }

    /**
     * Ends the tag begun by {@link #start()}.
     *
     * @param output where the {@value #LENGTH}-byte tag goes
     * @param offset its first byte
     */
    void finish(byte[] output, int offset) {
        try {
            sha256.digest(innerHash, 0, LENGTH);
            sha256.update(outerPad);
            sha256.update(innerHash);
            sha256.digest(output, offset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output has " + LENGTH + " bytes, yet: " + e, e);
        }
    }

    /** Overwrites the key's pads: best effort, as anything on a garbage-collected heap. */
    void destroy() {
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
        Arrays.fill(innerHash, (byte) 0);
        sha256.reset();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime, yet: " + e, e);
        }
    }
}
