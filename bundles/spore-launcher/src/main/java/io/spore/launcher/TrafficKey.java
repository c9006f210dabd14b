package io.spore.launcher;

import javax.crypto.spec.SecretKeySpec;

/**
 * The key of one direction of the node-manager channel, as TLS 1.3 makes it from a traffic secret (RFC 8446,
 * section 7.3): an AES-256 key and a 12-byte IV, and a record's nonce is the IV with the record's 64-bit sequence
 * number XORed into its last eight bytes, so no nonce repeats under one key. {@link #next()} is TLS's key update:
 * a new secret expanded from this one, so a key taken from memory later does not open what went before it.
 * Immutable.
 */
final class TrafficKey {
    static final int KEY_LENGTH = 32;
    static final int IV_LENGTH = 12;

    private final byte[] secret;
    private final SecretKeySpec key;
    private final byte[] iv;

    /** @param secret the direction's traffic secret, 32 bytes, from {@link ChannelKeys} */
    TrafficKey(byte[] secret) {
        this.secret = secret.clone();
        this.key = new SecretKeySpec(ChannelHkdf.expandLabel(secret, "key", new byte[0], KEY_LENGTH), "AES");
        this.iv = ChannelHkdf.expandLabel(secret, "iv", new byte[0], IV_LENGTH);
    }

    SecretKeySpec key() {
        return key;
    }

    /** @return the nonce of the record with this sequence number */
    byte[] nonce(long sequence) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[IV_LENGTH - 1 - i] ^= (byte) (sequence >>> (8 * i));
        }
        return nonce;
    }

    /** @return the key that follows this one after a key update */
    TrafficKey next() {
        return new TrafficKey(ChannelHkdf.expandLabel(secret, "traffic upd", new byte[0], ChannelHkdf.HASH_LENGTH));
    }
}
