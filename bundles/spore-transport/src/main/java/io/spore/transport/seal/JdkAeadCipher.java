package io.spore.transport.seal;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;

/**
 * {@link Suite#AES_256_GCM} and {@link Suite#CHACHA20_POLY1305} with the JDK's own AEAD ciphers (SunJCE).
 *
 * <p>What this costs in garbage, and why it cannot be avoided on JDK 17: a JDK AEAD cipher takes a new nonce only
 * through {@link Cipher#init}, and every init of SunJCE's {@code GaloisCounterMode} copies the key
 * ({@code Key.getEncoded}) and the nonce ({@code GCMParameterSpec.getIV}), and builds a new engine (GCTR and GHASH
 * state, the pre-counter block, the hash subkey); the associated data goes through a {@code ByteArrayOutputStream}
 * and {@code toByteArray}; the final step makes the length block, the tag and another {@code GCTR}. The parameter
 * spec is immutable, so it is one more object per message. Measured with {@code -prof gc}
 * ({@code SealerBenchmark}): 944 to 1,120 bytes per seal and about 1.1 KB per open, for payloads of 32 bytes to
 * 16 KiB, through byte arrays (direct {@code ByteBuffer}s cost more: the engine copies them through temporary
 * arrays, 3 KB per 1,400-byte seal). ChaCha20-Poly1305 allocates 1.24 KB per seal, and its open also buffers the
 * whole ciphertext (2.4 KB at 32 bytes, 35 KB at 16 KiB). JDK 25's SunJCE still allocates about 900 bytes per GCM
 * seal. Byte arrays are therefore the interface here.
 *
 * <p>A forged message costs an {@link AEADBadTagException} inside the JDK, caught here: the JDK has no other way to
 * say a tag did not match. Only forged or corrupted messages pay it.
 *
 * <p>SunJCE refuses to encrypt twice in a row with the same key and nonce; a sealer never asks it to, since each
 * message has a new sequence. Its ChaCha20 refuses to decrypt twice in a row with them too, which an opener would
 * do after a forged message: see {@link #leaveNonce()}.
 */
final class JdkAeadCipher implements EpochCipher {
    private static final int KEY_LENGTH = 32;

    private final boolean gcm;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] nonce = new byte[SealedLayout.NONCE_LENGTH];

    JdkAeadCipher(Suite suite, TrafficSecret secret) {
        gcm = suite == Suite.AES_256_GCM;
        if (!gcm && suite != Suite.CHACHA20_POLY1305) {
            throw new IllegalArgumentException(suite + " is not a JDK AEAD");
        }
        byte[] keyBytes = secret.expand("key", suite, KEY_LENGTH);
        key = new SecretKeySpec(keyBytes, gcm ? "AES" : "ChaCha20");
        Arrays.fill(keyBytes, (byte) 0);
        iv = secret.expand("iv", suite, SealedLayout.NONCE_LENGTH);
        try {
            cipher = Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite + " is part of every Java 17 runtime, yet: " + e, e);
        }
    }

    @Override
    public void seal(long sequence, byte[] source, int sourceOffset, int length, byte[] associated,
                     int associatedOffset, int associatedLength, byte[] message, int header) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(sequence));
            // Read now (SunJCE copies the associated data): an in-place seal overwrites nothing of the header.
            cipher.updateAAD(message, header, SealedLayout.HEADER_LENGTH);
            if (associatedLength > 0) {
                cipher.updateAAD(associated, associatedOffset, associatedLength);
            }
            cipher.doFinal(source, sourceOffset, length, message, header + SealedLayout.HEADER_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing " + length + " bytes failed: " + e, e);
        }
    }

    @Override
    public boolean open(long sequence, byte[] message, int offset, int length, byte[] associated,
                        int associatedOffset, int associatedLength, byte[] target, int targetOffset) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(sequence));
            cipher.updateAAD(message, offset, SealedLayout.HEADER_LENGTH);
            if (associatedLength > 0) {
                cipher.updateAAD(associated, associatedOffset, associatedLength);
            }
            // The JDK checks the tag before it writes any payload.
            cipher.doFinal(message, offset + SealedLayout.HEADER_LENGTH, length - SealedLayout.HEADER_LENGTH,
                target, targetOffset);
            return true;
        } catch (AEADBadTagException e) {
            if (!gcm) {
                leaveNonce();
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening " + length + " bytes failed: " + e, e);
        }
    }

    /**
     * SunJCE's ChaCha20 refuses an init with the key and nonce of the init before it, decrypting too. Left as it
     * is, a forged message would make the genuine one with the same sequence fail: after a bad tag, the cipher is
     * moved to a nonce no sequence gives (the iv's first byte changed; every real nonce keeps the iv's first four
     * bytes).
     */
    private void leaveNonce() {
        nonce[0] ^= 1;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("moving ChaCha20 off a forged message's nonce failed: " + e, e);
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(iv, (byte) 0);
    }

    private AlgorithmParameterSpec parameters(long sequence) {
        SealedLayout.nonce(iv, sequence, nonce);
        return gcm ? new GCMParameterSpec(SealedLayout.TAG_LENGTH * Byte.SIZE, nonce) : new IvParameterSpec(nonce);
    }
}
