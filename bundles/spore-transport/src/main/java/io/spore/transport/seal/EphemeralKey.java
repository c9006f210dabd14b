package io.spore.transport.seal;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * One side's ephemeral X25519 key for one handshake: made fresh for each connection, used for one agreement,
 * then forgotten. Because the traffic keys come from this agreement, a cookie stolen later cannot open traffic
 * recorded earlier (forward secrecy).
 *
 * <p>Not thread-safe: the thread that runs the handshake owns it.
 */
public final class EphemeralKey {
    private final byte[] publicKey;
    private PrivateKey privateKey;

    private EphemeralKey(KeyPair pair) {
        this.publicKey = X25519.encode(pair.getPublic());
        this.privateKey = pair.getPrivate();
    }

    /**
     * @param random the source of the private key
     * @return a new key
     */
    public static EphemeralKey generate(SecureRandom random) {
        return new EphemeralKey(X25519.generate(random));
    }

    /** @return the public key to send, 32 bytes (a copy) */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Agrees on the shared secret with the peer, then drops the private key.
     *
     * @param peerPublicKey the peer's public key, 32 bytes
     * @return the shared secret, 32 bytes, never all zero
     * @throws InvalidKeyException   when the peer's key is malformed or of small order ({@link X25519#agree})
     * @throws IllegalStateException when this key was used already
     */
    public byte[] agree(byte[] peerPublicKey) throws InvalidKeyException {
        PrivateKey own = privateKey;
        if (own == null) {
            throw new IllegalStateException("an ephemeral key serves one agreement only; make a new one for each"
                + " handshake");
        }
        privateKey = null;
        return X25519.agree(own, peerPublicKey);
    }
}
