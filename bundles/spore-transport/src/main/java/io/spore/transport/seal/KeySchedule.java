package io.spore.transport.seal;

import io.spore.transport.security.Cookie;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Derives a connection's proofs and traffic secrets from the cookie, the X25519 shared secret and the transcript
 * hash, on the pattern of TLS 1.3's PSK-with-(EC)DHE key schedule (RFC 8446, section 7.1):
 *
 * <pre>
 *   psk              = HMAC-SHA256(cookie, "spore seal v1 psk")          ({@link Cookie#mac}: the cookie stays put)
 *   handshake secret = HKDF-Extract(salt = psk, IKM = X25519 shared secret)
 *   client proof     = HKDF-Expand-Label(handshake secret, "client proof", transcript hash, 32)
 *   server proof     = HKDF-Expand-Label(handshake secret, "server proof", transcript hash, 32)
 *   c2s epoch 0      = HKDF-Expand-Label(handshake secret, "c2s traffic",  transcript hash, 32)
 *   s2c epoch 0      = HKDF-Expand-Label(handshake secret, "s2c traffic",  transcript hash, 32)
 * </pre>
 *
 * <p>What this gives: a proof can only be made by a holder of the cookie who took part in this very exchange of
 * ephemeral keys and saw this very transcript, so it authenticates the peer, confirms the shared key and binds
 * every item of the transcript (TLS's Finished). The traffic secrets need the ephemeral shared secret, which no
 * one keeps after the handshake: the cookie alone derives nothing, and a cookie stolen later does not open
 * traffic recorded earlier (forward secrecy). A passive observer cannot test cookie guesses against the proofs
 * either, since they also depend on the shared secret; a peer that runs a handshake can (one guess per proof
 * received, offline), which is why cookies must be strong ({@code CookieStrength}). The two directions have
 * different secrets, so a message never opens in the direction it was not sealed for.
 *
 * <p>Threading: stateless, safe from any thread; each call allocates (once per handshake).
 */
public final class KeySchedule {
    private static final byte[] PSK_LABEL = "spore seal v1 psk".getBytes(StandardCharsets.US_ASCII);

    private KeySchedule() {
    }

    /**
     * @param cookie         the cluster's cookie
     * @param sharedSecret   the X25519 shared secret of this handshake's ephemeral keys, 32 bytes
     * @param transcriptHash {@link Transcript#hash()} of this handshake, 32 bytes
     * @return the proofs and the first traffic secrets, the same on both sides
     * @throws IllegalArgumentException when the shared secret or the hash is not 32 bytes, or the secret is all
     *                                  zero (a small-order key the caller should have refused)
     */
    public static SessionKeys derive(Cookie cookie, byte[] sharedSecret, byte[] transcriptHash) {
        byte[] psk = cookie.mac(PSK_LABEL);
        try {
            return derive(psk, sharedSecret, transcriptHash);
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    /** {@link #derive(Cookie, byte[], byte[])} from the cookie's pre-shared key. */
    static SessionKeys derive(byte[] psk, byte[] sharedSecret, byte[] transcriptHash) {
        check(sharedSecret, "shared secret");
        check(transcriptHash, "transcript hash");
        int bits = 0;
        for (byte b : sharedSecret) {
            bits |= b;
        }
        if (bits == 0) {
            throw new IllegalArgumentException("an all-zero shared secret: the peer's key was of small order");
        }
        byte[] handshakeSecret = Hkdf.extract(psk, sharedSecret);
        try {
            return new SessionKeys(
                Hkdf.expandLabel(handshakeSecret, "client proof", transcriptHash, SessionKeys.PROOF_LENGTH),
                Hkdf.expandLabel(handshakeSecret, "server proof", transcriptHash, SessionKeys.PROOF_LENGTH),
                new TrafficSecret(0, Hkdf.expandLabel(handshakeSecret, "c2s traffic", transcriptHash,
                    TrafficSecret.LENGTH)),
                new TrafficSecret(0, Hkdf.expandLabel(handshakeSecret, "s2c traffic", transcriptHash,
                    TrafficSecret.LENGTH)));
        } finally {
            Arrays.fill(handshakeSecret, (byte) 0);
        }
    }

    private static void check(byte[] value, String what) {
        if (value == null || value.length != Hkdf.HASH_LENGTH) {
            throw new IllegalArgumentException("a " + what + " has " + Hkdf.HASH_LENGTH + " bytes, not "
                + (value == null ? "none" : value.length));
        }
    }
}
