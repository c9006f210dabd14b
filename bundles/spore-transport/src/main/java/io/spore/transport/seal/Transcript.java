package io.spore.transport.seal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Everything a handshake said, in order, reduced to one SHA-256 hash that both proofs and every key are bound to
 * (TLS 1.3's transcript hash). Relaying a handshake to another endpoint, downgrading a flag or a size, or splicing
 * two handshakes changes one of the items, hence the hash, hence the proofs: the handshake fails on both sides.
 *
 * <p>Both sides must add the same items in the same order, whichever side they are: the client's items where
 * the protocol says, not "mine first". The encoding is unambiguous: it starts with the label, and every item is a
 * type byte, its length (u32, big-endian) and its bytes, so no two different sequences of items encode alike
 * ({@code "ab", "c"} differs from {@code "a", "bc"}, the int 1 from the long 1, a name from the same bytes).
 *
 * <p>Not thread-safe: the thread that runs the handshake owns it. It allocates; it runs once per handshake.
 */
public final class Transcript {
    private static final byte LABEL = 0;
    private static final byte BYTES = 1;
    private static final byte TEXT = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte BOOLEAN = 5;

    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(512);

    /**
     * @param label what the transcript is of, with its version (for example {@code "spore handshake v3"}): two
     *              protocols, or two versions of one, never share a hash
     */
    public Transcript(String label) {
        item(LABEL, label.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param value bytes (a nonce, a public key); copied
     * @return this transcript
     */
    public Transcript add(byte[] value) {
        return item(BYTES, value.clone());
    }

    /**
     * @param value text (a node name, an endpoint), as UTF-8
     * @return this transcript
     */
    public Transcript add(String value) {
        return item(TEXT, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param value an int (a creation, a session id, a flag set, a size)
     * @return this transcript
     */
    public Transcript add(int value) {
        return item(INT, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
            (byte) value});
    }

    /**
     * @param value a long
     * @return this transcript
     */
    public Transcript add(long value) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return item(LONG, bytes);
    }

    /**
     * @param value a boolean (a single flag)
     * @return this transcript
     */
    public Transcript add(boolean value) {
        return item(BOOLEAN, new byte[] {(byte) (value ? 1 : 0)});
    }

    /** @return SHA-256 of everything added so far, 32 bytes; more may be added afterwards */
    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encoded.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime, yet: " + e, e);
        }
    }

    private Transcript item(byte type, byte[] value) {
        encoded.write(type);
        int length = value.length;
        encoded.write(length >>> 24);
        encoded.write(length >>> 16);
        encoded.write(length >>> 8);
        encoded.write(length);
        encoded.write(value, 0, length);
        return this;
    }
}
