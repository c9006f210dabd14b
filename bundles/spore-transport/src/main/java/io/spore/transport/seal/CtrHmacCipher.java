package io.spore.transport.seal;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * {@link Suite#AES_256_CTR_HMAC_SHA256}: AES-256 in counter mode, then an HMAC-SHA256 tag over the ciphertext
 * (encrypt-then-MAC, the composition proven to give an AEAD; the same as IPsec ESP's AES-CTR with HMAC-SHA-256-128,
 * RFC 3686 and RFC 4868).
 *
 * <p>Why it exists beside AES-GCM: it allocates nothing. The key stream comes from one {@code AES/ECB/NoPadding}
 * {@link Cipher}, initialised once per epoch and never again, which encrypts counter blocks from a reused array
 * into another (SunJCE's ECB update writes into the caller's array and allocates nothing; AES-NI does the blocks);
 * the XOR is a plain loop, and the tag is {@link MessageTag}'s. SunJCE's AES-GCM, by contrast, allocates about
 * 1 KB per message because a new nonce needs a new {@code Cipher.init} (see {@link JdkAeadCipher}). What it costs:
 * SHA-256 is slower per byte than GHASH, so above about 1 KB per message AES-GCM is faster.
 *
 * <p>Counter blocks are the message's nonce (12 bytes, {@link SealedLayout}) and a u32 big-endian counter from 1.
 * The tag is checked before a byte is decrypted.
 */
final class CtrHmacCipher implements EpochCipher {
    private static final int KEY_LENGTH = 32;
    private static final int BLOCK = 16;
    /** Blocks of key stream made per call to the cipher: bounds the scratch arrays, not the message length. */
    private static final int CHUNK_BLOCKS = 64;

    private final Cipher aes;
    private final MessageTag tag;
    private final byte[] iv;
    private final byte[] nonce = new byte[SealedLayout.NONCE_LENGTH];
    private final byte[] counterBlocks = new byte[CHUNK_BLOCKS * BLOCK];
    private final byte[] keyStream = new byte[CHUNK_BLOCKS * BLOCK];

    CtrHmacCipher(TrafficSecret secret) {
        Suite suite = Suite.AES_256_CTR_HMAC_SHA256;
        byte[] keyBytes = secret.expand("key", suite, KEY_LENGTH);
        byte[] macKey = secret.expand("mac", suite, HmacSha256.LENGTH);
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every Java 17 runtime, yet: " + e, e);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
        tag = new MessageTag(macKey);
        Arrays.fill(macKey, (byte) 0);
        iv = secret.expand("iv", suite, SealedLayout.NONCE_LENGTH);
    }

    @Override
    public void seal(long sequence, byte[] source, int sourceOffset, int length, byte[] associated,
                     int associatedOffset, int associatedLength, byte[] message, int header) {
        int body = header + SealedLayout.HEADER_LENGTH;
        crypt(sequence, source, sourceOffset, length, message, body);
        tag.compute(message, header, associated, associatedOffset, associatedLength, message, body, length);
        tag.writeTo(message, body + length);
    }

    @Override
    public boolean open(long sequence, byte[] message, int offset, int length, byte[] associated,
                        int associatedOffset, int associatedLength, byte[] target, int targetOffset) {
        int body = offset + SealedLayout.HEADER_LENGTH;
        int bodyLength = length - SealedLayout.OVERHEAD;
        tag.compute(message, offset, associated, associatedOffset, associatedLength, message, body, bodyLength);
        if (!tag.matches(message, body + bodyLength)) {
            return false;
        }
        crypt(sequence, message, body, bodyLength, target, targetOffset);
        return true;
    }

    @Override
    public void destroy() {
        tag.destroy();
        Arrays.fill(iv, (byte) 0);
        Arrays.fill(keyStream, (byte) 0);
    }

    /** XORs {@code length} bytes with the key stream of {@code sequence}; in place when the ranges coincide. */
    private void crypt(long sequence, byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
        SealedLayout.nonce(iv, sequence, nonce);
        int prefixed = Math.min(CHUNK_BLOCKS, (length + BLOCK - 1) / BLOCK);
        for (int block = 0; block < prefixed; block++) {
            System.arraycopy(nonce, 0, counterBlocks, block * BLOCK, SealedLayout.NONCE_LENGTH);
        }
        int counter = 1;
        for (int done = 0; done < length; ) {
            int chunk = Math.min(length - done, CHUNK_BLOCKS * BLOCK);
            int blocks = (chunk + BLOCK - 1) / BLOCK;
            for (int block = 0; block < blocks; block++, counter++) {
                int at = block * BLOCK + SealedLayout.NONCE_LENGTH;
                counterBlocks[at] = (byte) (counter >>> 24);
                counterBlocks[at + 1] = (byte) (counter >>> 16);
                counterBlocks[at + 2] = (byte) (counter >>> 8);
                counterBlocks[at + 3] = (byte) counter;
            }
            try {
                aes.update(counterBlocks, 0, blocks * BLOCK, keyStream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES on " + blocks + " counter blocks failed: " + e, e);
            }
            int from = sourceOffset + done;
            int to = targetOffset + done;
            for (int i = 0; i < chunk; i++) {
                target[to + i] = (byte) (source[from + i] ^ keyStream[i]);
            }
            done += chunk;
        }
    }
}
