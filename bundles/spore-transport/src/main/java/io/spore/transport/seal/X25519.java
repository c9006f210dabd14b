package io.spore.transport.seal;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;

/**
 * X25519 (RFC 7748) with the JDK's {@code XDH} provider, and the 32-byte form of its keys that travels in a
 * handshake.
 *
 * <p>On the wire a public key is its u-coordinate as 32 bytes, little-endian (RFC 7748, section 5). The JDK takes
 * and gives a {@link BigInteger} instead, so {@link #publicKey(byte[])} decodes as the RFC says: the top bit of the
 * last byte is ignored, and a value not below the field prime 2^255 - 19 is taken modulo it.
 *
 * <p>An all-zero shared secret means the peer sent a point of small order, which would let it fix the secret
 * whatever this side's key is: {@link #agree} refuses it (RFC 7748, section 6.1; the JDK checks it too).
 *
 * <p>Threading: stateless, safe from any thread. Everything here allocates; it runs once per handshake.
 */
public final class X25519 {
    /** Bytes in a raw public key, private key or shared secret. */
    public static final int KEY_LENGTH = 32;

    private static final String ALGORITHM = "XDH";
    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private X25519() {
    }

    /**
     * @param random the source of the private key
     * @return a new key pair
     */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.X25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw missing(e);
        }
    }

    /**
     * @param key an X25519 public key
     * @return its 32-byte wire form
     * @throws IllegalArgumentException when the key is not an X25519 key
     */
    public static byte[] encode(PublicKey key) {
        if (!(key instanceof XECPublicKey)
            || !(((XECPublicKey) key).getParams() instanceof NamedParameterSpec)
            || !"X25519".equalsIgnoreCase(((NamedParameterSpec) ((XECPublicKey) key).getParams()).getName())) {
            throw new IllegalArgumentException("not an X25519 public key: " + key.getAlgorithm());
        }
        byte[] bigEndian = ((XECPublicKey) key).getU().toByteArray();
        byte[] raw = new byte[KEY_LENGTH];
        // toByteArray may carry a leading sign byte, or be shorter than 32 bytes: copy the low bytes reversed.
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return raw;
    }

    /**
     * @param raw a public key's 32-byte wire form
     * @return the key
     * @throws InvalidKeyException when {@code raw} is not 32 bytes
     */
    public static PublicKey publicKey(byte[] raw) throws InvalidKeyException {
        checkLength(raw, "public key");
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = raw[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f; // RFC 7748: the most significant bit of the last byte is masked
        BigInteger u = new BigInteger(1, bigEndian).mod(FIELD_PRIME);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("not an X25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * A private key from its 32-byte scalar, as RFC 7748's test vectors give it. A handshake never needs this: its
     * keys come from {@link #generate}.
     */
    static PrivateKey privateKey(byte[] scalar) throws InvalidKeyException {
        checkLength(scalar, "private key");
        try {
            return KeyFactory.getInstance(ALGORITHM)
                .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("not an X25519 private key: " + e.getMessage(), e);
        }
    }

    /**
     * The shared secret of this side's private key and the peer's public key.
     *
     * @param own  this side's private key
     * @param peer the peer's public key, 32 bytes
     * @return the shared secret, 32 bytes, never all zero
     * @throws InvalidKeyException when the peer's key is not 32 bytes or is a point of small order (the secret
     *                             would be all zero): a broken or hostile peer
     */
    public static byte[] agree(PrivateKey own, byte[] peer) throws InvalidKeyException {
        PublicKey peerKey = publicKey(peer);
        byte[] secret;
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(ALGORITHM);
            agreement.init(own);
            agreement.doPhase(peerKey, true);
            secret = agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw smallOrder(e);
        } catch (GeneralSecurityException e) {
            throw missing(e);
        }
        int bits = 0;
        for (byte b : secret) {
            bits |= b;
        }
        if (bits == 0) {
            throw smallOrder(null);
        }
        return secret;
    }

    private static void checkLength(byte[] key, String what) throws InvalidKeyException {
        if (key == null || key.length != KEY_LENGTH) {
            throw new InvalidKeyException("an X25519 " + what + " has " + KEY_LENGTH + " bytes, not "
                + (key == null ? "none" : key.length));
        }
    }

    private static InvalidKeyException smallOrder(InvalidKeyException cause) {
        return new InvalidKeyException("the peer's X25519 key is a point of small order (the shared secret would be"
            + " all zero): the peer is broken or hostile" + (cause == null ? "" : " (" + cause.getMessage() + ")"),
            cause);
    }

    private static IllegalStateException missing(GeneralSecurityException e) {
        return new IllegalStateException("X25519 (XDH) is part of every Java 17 runtime, yet: " + e, e);
    }
}
