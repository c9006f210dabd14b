package io.spore.transport.seal;

import java.util.Arrays;

/**
 * The tag of the two HMAC suites: the first 16 bytes of {@code HMAC-SHA256(mac key, header || associated data ||
 * body || u64 big-endian length of the associated data)} (see {@link SealedLayout}). The length at the end keeps
 * the split between associated data and body unambiguous. Truncation to 128 bits is RFC 4868's.
 *
 * <p>Allocates nothing. Not thread-safe: owned by one epoch cipher.
 */
final class MessageTag {
    private final HmacSha256 hmac;
    private final byte[] tag = new byte[HmacSha256.LENGTH];
    private final byte[] associatedLength = new byte[Long.BYTES];

    MessageTag(byte[] macKey) {
        hmac = new HmacSha256(macKey);
    }

    /** Computes the tag of a message; {@link #writeTo} or {@link #matches} then uses it. */
    void compute(byte[] header, int headerOffset, byte[] associated, int associatedOffset, int associatedLength,
                 byte[] body, int bodyOffset, int bodyLength) {
        hmac.start();
        hmac.update(header, headerOffset, SealedLayout.HEADER_LENGTH);
        if (associatedLength > 0) {
            hmac.update(associated, associatedOffset, associatedLength);
        }
        hmac.update(body, bodyOffset, bodyLength);
        SealedLayout.putLongBigEndian(this.associatedLength, 0, associatedLength);
        hmac.update(this.associatedLength, 0, Long.BYTES);
        hmac.finish(tag, 0);
    }

    void writeTo(byte[] buffer, int offset) {
        System.arraycopy(tag, 0, buffer, offset, SealedLayout.TAG_LENGTH);
    }

    /** @return whether the tag at {@code buffer[offset]} is the computed one; constant time */
    boolean matches(byte[] buffer, int offset) {
        int difference = 0;
        for (int i = 0; i < SealedLayout.TAG_LENGTH; i++) {
            difference |= tag[i] ^ buffer[offset + i];
        }
        return difference == 0;
    }

    void destroy() {
        hmac.destroy();
        Arrays.fill(tag, (byte) 0);
    }
}
