package io.spore.launcher;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;

/**
 * The node-manager channel's ephemeral X25519 keys (RFC 7748) through the JDK's {@code XDH} provider, and their
 * 32-byte wire form: the u-coordinate, little-endian; a received key has its top bit ignored and is reduced modulo
 * 2^255 - 19, as the RFC says. An all-zero shared secret (the peer sent a point of small order, which would fix the
 * secret whatever this side's key) is refused. Stateless and thread-safe.
 */
final class ChannelX25519 {
    /** Bytes of a public key or a shared secret. */
    static final int KEY_LENGTH = 32;

    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private ChannelX25519() {
    }

    static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
            generator.initialize(NamedParameterSpec.X25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks X25519 (XDH), which Java 11 and later have: " + e, e);
        }
    }

    /** @return the 32-byte little-endian u-coordinate of an X25519 public key */
    static byte[] encode(KeyPair pair) {
        byte[] bigEndian = ((XECPublicKey) pair.getPublic()).getU().toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    /**
     * @param own  this side's key pair
     * @param peer the peer's public key as it travelled, {@value #KEY_LENGTH} bytes
     * @return the shared secret
     * @throws ChannelException when the peer's key is of small order (an all-zero secret) or unusable
     */
    static byte[] agree(KeyPair own, byte[] peer) throws ChannelException {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = peer[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger u = new BigInteger(1, bigEndian).mod(FIELD_PRIME);
        byte[] secret;
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey privateKey = own.getPrivate();
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u)), true);
            secret = agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            // The JDK refuses a small-order point itself ("Point has small order").
            throw new ChannelException("the peer's ephemeral key is unusable (" + e.getMessage() + ")", e);
        }
        int bits = 0;
        for (byte b : secret) {
            bits |= b;
        }
        if (bits == 0) {
            throw new ChannelException("the peer's ephemeral key is of small order");
        }
        return secret;
    }
}
