package io.spore.transport.seal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), and the labelled expansion every key of a sealed connection comes from.
 *
 * <p>{@link #expandLabel} is TLS 1.3's {@code HKDF-Expand-Label} (RFC 8446, section 7.1) with Spore's own prefix:
 * the info is {@code u16 length || u8 labelLength || "spore1 " || label || u8 contextLength || context}, so a key made
 * for one purpose, or by another protocol that uses HKDF, never equals one made for another.
 *
 * <p>Threading: stateless, safe from any thread. Each call allocates (a {@link Mac} and its key): HKDF runs at a
 * handshake or a key rotation, never per message.
 */
public final class Hkdf {
    /** Bytes of SHA-256's output: the length of a pseudorandom key. */
    public static final int HASH_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] LABEL_PREFIX = "spore1 ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LABEL_LENGTH = 255;

    private Hkdf() {
    }

    /**
     * HKDF-Extract: concentrates the entropy of {@code inputKey} into a pseudorandom key.
     *
     * @param salt     a non-secret or secret random value; {@code null} or empty means {@value #HASH_LENGTH} zero bytes
     * @param inputKey the input keying material
     * @return the pseudorandom key, {@value #HASH_LENGTH} bytes
     */
    public static byte[] extract(byte[] salt, byte[] inputKey) {
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        return hmac(key).doFinal(inputKey);
    }

    /**
     * HKDF-Expand: stretches a pseudorandom key into {@code length} bytes bound to {@code info}.
     *
     * @param pseudorandomKey at least {@value #HASH_LENGTH} bytes, from {@link #extract} or an earlier expansion
     * @param info            what the output is for
     * @param length          bytes wanted, 1 to 255 * {@value #HASH_LENGTH}
     * @return the output keying material
     * @throws IllegalArgumentException when the key is too short or the length out of range
     */
    public static byte[] expand(byte[] pseudorandomKey, byte[] info, int length) {
        if (pseudorandomKey.length < HASH_LENGTH) {
            throw new IllegalArgumentException("an HKDF pseudorandom key has at least " + HASH_LENGTH
                + " bytes, not " + pseudorandomKey.length);
        }
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 expands to 1 to " + 255 * HASH_LENGTH
                + " bytes, not " + length);
        }
        Mac mac = hmac(pseudorandomKey);
        byte[] output = new byte[length];
        byte[] block = new byte[0];
        for (int counter = 1, done = 0; done < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int take = Math.min(block.length, length - done);
            System.arraycopy(block, 0, output, done, take);
            done += take;
        }
        Arrays.fill(block, (byte) 0);
        return output;
    }

    /**
     * HKDF-Expand with a Spore label and a context, as TLS 1.3's {@code HKDF-Expand-Label}.
     *
     * @param secret  the secret to expand, at least {@value #HASH_LENGTH} bytes
     * @param label   what the output is for, ASCII; with the prefix at most 255 bytes
     * @param context what the output is bound to (a transcript hash, or empty), at most 255 bytes
     * @param length  bytes wanted, 1 to 65535 (and HKDF's own limit)
     * @return the output keying material
     * @throws IllegalArgumentException when a length is out of range
     */
    public static byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        if (LABEL_PREFIX.length + name.length > MAX_LABEL_LENGTH || context.length > MAX_LABEL_LENGTH
            || length > 0xFFFF) {
            throw new IllegalArgumentException("label '" + label + "', a context of " + context.length
                + " bytes or a length of " + length + " does not fit HKDF-Expand-Label");
        }
        byte[] info = new byte[2 + 1 + LABEL_PREFIX.length + name.length + 1 + context.length];
        int at = 0;
        info[at++] = (byte) (length >>> 8);
        info[at++] = (byte) length;
        info[at++] = (byte) (LABEL_PREFIX.length + name.length);
        System.arraycopy(LABEL_PREFIX, 0, info, at, LABEL_PREFIX.length);
        at += LABEL_PREFIX.length;
        System.arraycopy(name, 0, info, at, name.length);
        at += name.length;
        info[at++] = (byte) context.length;
        System.arraycopy(context, 0, info, at, context.length);
        return expand(secret, info, length);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime, yet: " + e, e);
        }
    }
}
