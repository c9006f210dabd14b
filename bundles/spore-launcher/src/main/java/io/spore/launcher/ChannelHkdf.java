package io.spore.launcher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * HKDF with HMAC-SHA256 (RFC 5869) for the node-manager channel, with TLS 1.3's labelled expansion (RFC 8446,
 * section 7.1) under the prefix {@code "spore-mgr1 "}: the info of {@link #expandLabel} is {@code u16 length ||
 * u8 labelLength || "spore-mgr1 " || label || u8 contextLength || context}, so no key made here for one purpose
 * equals one made for another, or one the Aeron transport's own key schedule makes.
 *
 * <p>The launcher is a plain jar that does not depend on the transport bundle, so it has its own few lines of HKDF
 * over the JDK's {@link Mac}. Stateless and thread-safe; every call allocates (it runs at a handshake or a key
 * update, never per record).
 */
final class ChannelHkdf {
    /** Bytes of SHA-256's output. */
    static final int HASH_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] LABEL_PREFIX = "spore-mgr1 ".getBytes(StandardCharsets.US_ASCII);

    private ChannelHkdf() {
    }

    /** @return HKDF-Extract(salt, inputKey): a pseudorandom key of {@value #HASH_LENGTH} bytes */
    static byte[] extract(byte[] salt, byte[] inputKey) {
        return hmac(salt.length == 0 ? new byte[HASH_LENGTH] : salt, inputKey);
    }

    /**
     * @param secret  a pseudorandom key from {@link #extract} or an earlier expansion
     * @param label   what the output is for, ASCII
     * @param context what it is bound to (a transcript hash), or empty
     * @param length  bytes wanted, 1 to 255
     * @return HKDF-Expand(secret, HkdfLabel(length, label, context), length)
     */
    static byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        int labelLength = LABEL_PREFIX.length + labelBytes.length;
        if (length < 1 || length > 255 || labelLength > 255 || context.length > 255) {
            throw new IllegalArgumentException("HKDF label out of range: " + label);
        }
        byte[] info = new byte[2 + 1 + labelLength + 1 + context.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) labelLength;
        System.arraycopy(LABEL_PREFIX, 0, info, 3, LABEL_PREFIX.length);
        System.arraycopy(labelBytes, 0, info, 3 + LABEL_PREFIX.length, labelBytes.length);
        info[3 + labelLength] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + labelLength, context.length);
        return expand(secret, info, length);
    }

    private static byte[] expand(byte[] secret, byte[] info, int length) {
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int done = 0;
        for (int counter = 1; done < length; counter++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) counter;
            block = hmac(secret, input);
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** @return HMAC-SHA256(key, data) */
    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks " + HMAC + ", which every Java SE has: " + e, e);
        }
    }
}
