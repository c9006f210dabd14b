package io.spore.transport.seal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The layout of a sealed message: what one Aeron message between two nodes becomes once sealed, specified here so
 * that another implementation can read and write it.
 *
 * <pre>
 *   offset  length  field
 *   0       8       sequence   u64, little-endian: 0 for a direction's first message, + 1 for each next one,
 *                              never reset (not by a key rotation either), never repeated
 *   8       1       epoch      u8: the low 8 bits of the key epoch (0 from the handshake, + 1 per rotation)
 *   9       n       body       the payload: encrypted by a suite that {@link Suite#encrypts() encrypts}, else
 *                              clear; n is the payload's length
 *   9 + n   16      tag
 * </pre>
 *
 * <p>The first {@value #HEADER_LENGTH} bytes are the header: always clear, always authenticated. The associated
 * data of every suite is the header followed by whatever the caller adds (the same on both sides; not sent).
 *
 * <p>Per epoch and direction the suite's keys come from the {@link TrafficSecret}. The nonce is TLS 1.3's (RFC 8446,
 * section 5.3): the 12-byte {@code iv} XOR the sequence as a u64 big-endian in its last 8 bytes. Sequences never
 * repeat within a direction and keys never repeat across directions or epochs, so no nonce is used twice with one
 * key. Per suite:
 *
 * <ul>
 *   <li>{@link Suite#AES_256_GCM}, {@link Suite#CHACHA20_POLY1305}: {@code body || tag = AEAD-Encrypt(key, nonce,
 *   associated data, payload)} with the 16-byte tag (NIST SP 800-38D; RFC 8439).</li>
 *   <li>{@link Suite#AES_256_CTR_HMAC_SHA256}, encrypt-then-MAC as IPsec ESP's AES-CTR with HMAC-SHA-256-128
 *   (RFC 3686, RFC 4868): {@code body = payload XOR AES-256(encryption key, nonce || u32 counter)}, the counter
 *   big-endian from 1; {@code tag} = the first 16 bytes of {@code HMAC-SHA256(mac key, header || caller's data ||
 *   body || u64 big-endian length of the caller's data in bytes)}.</li>
 *   <li>{@link Suite#HMAC_SHA256}: {@code body = payload}; {@code tag} as the previous suite's.</li>
 * </ul>
 *
 * <p>Threading: stateless.
 */
public final class SealedLayout {
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 0;
    /** Offset of the epoch byte. */
    public static final int EPOCH_OFFSET = 8;
    /** Bytes of the clear header. */
    public static final int HEADER_LENGTH = 9;
    /** Bytes of the tag. */
    public static final int TAG_LENGTH = 16;
    /** What sealing adds to a payload. */
    public static final int OVERHEAD = HEADER_LENGTH + TAG_LENGTH;
    /** Bytes of a nonce and of an iv. */
    static final int NONCE_LENGTH = 12;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private SealedLayout() {
    }

    static void putHeader(byte[] buffer, int offset, long sequence, long epoch) {
        LONG_LE.set(buffer, offset + SEQUENCE_OFFSET, sequence);
        buffer[offset + EPOCH_OFFSET] = (byte) epoch;
    }

    /** @return the sequence number of the sealed message at {@code offset} */
    public static long sequence(byte[] buffer, int offset) {
        return (long) LONG_LE.get(buffer, offset + SEQUENCE_OFFSET);
    }

    /** @return the epoch byte of the sealed message at {@code offset} */
    public static byte epoch(byte[] buffer, int offset) {
        return buffer[offset + EPOCH_OFFSET];
    }

    /** Writes the nonce of {@code sequence}: {@code iv} XOR the sequence in its last 8 bytes. */
    static void nonce(byte[] iv, long sequence, byte[] nonce) {
        System.arraycopy(iv, 0, nonce, 0, NONCE_LENGTH);
        LONG_BE.set(nonce, 4, (long) LONG_BE.get(iv, 4) ^ sequence);
    }

    /** Writes {@code value} as a u64 big-endian. */
    static void putLongBigEndian(byte[] buffer, int offset, long value) {
        LONG_BE.set(buffer, offset, value);
    }
}
