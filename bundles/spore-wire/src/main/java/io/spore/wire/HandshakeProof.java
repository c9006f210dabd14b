package io.spore.wire;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The cookie's keyed hash (HMAC-SHA256 keyed with its bytes), and the proofs made of it outside the handshake: a
 * stale-session notice's, as the schema's header comment specifies it, and the name service's. The handshake's own
 * proofs come from its key schedule over the cookie and an X25519 exchange (io.spore.transport.seal.KeySchedule),
 * which the schema specifies too. The cookie never leaves the node.
 *
 * <p>Threading: stateless, safe from any thread. A proof costs a few microseconds and allocates; it is computed
 * once per connection.
 */
public final class HandshakeProof {
    /** Bytes in a nonce. */
    public static final int NONCE_LENGTH = 32;
    /** Bytes in a proof (an HMAC-SHA256). */
    public static final int PROOF_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] STALE_SESSION_LABEL = "spore-stale-session-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private HandshakeProof() {
    }

    /** @return a fresh nonce from a cryptographically strong generator */
    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /**
     * The proof of a StaleSession frame (see the schema's header comment, Stale sessions): that the node which says
     * it does not know {@code sessionId} holds the cookie, is {@code receiver}, and is now incarnation
     * {@code receiverCreation}.
     *
     * @param cookie           the cookie's bytes (not empty)
     * @param receiver         the node that received the session's frames and answers
     * @param receiverCreation its creation
     * @param sessionId        the Aeron session id it has no connection for
     * @return the proof, {@value #PROOF_LENGTH} bytes
     * @throws SporeException {@code INVALID_ARGUMENT} when the cookie is empty
     */
    public static byte[] staleSession(byte[] cookie, NodeName receiver, int receiverCreation, int sessionId) {
        byte[] name = receiver.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer message = ByteBuffer.allocate(STALE_SESSION_LABEL.length + 2 + name.length + 2 * Integer.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        message.put(STALE_SESSION_LABEL).putShort((short) name.length).put(name)
            .putInt(receiverCreation).putInt(sessionId);
        return hmac(cookie, message.array());
    }

    /**
     * Compares a received proof with the expected one in constant time, so timing tells an attacker nothing.
     *
     * @param expected the proof computed here
     * @param received the proof the peer sent
     * @return whether they are equal
     */
    public static boolean matches(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    /**
     * The one keyed hash every proof of the cookie is made of, the handshake's and the name service's: HMAC-SHA256
     * keyed with the cookie's bytes. Whoever proves the cookie in another protocol builds its own message (with a
     * label of its own, so that no proof of one protocol serves in another) and passes it here.
     *
     * @param cookie  the cookie's bytes (not empty)
     * @param message what to authenticate
     * @return the HMAC, {@value #PROOF_LENGTH} bytes
     * @throws SporeException {@code INVALID_ARGUMENT} when the cookie is empty
     */
    public static byte[] hmac(byte[] cookie, byte[] message) {
        if (cookie == null || cookie.length == 0) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "the cookie is empty; put a secret in the cookie file (the same on every node that talks)");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(cookie, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime, yet: " + e, e);
        }
    }
}
