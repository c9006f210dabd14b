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
 * The cookie proofs of the handshake, exactly as the schema's header comment specifies them: HMAC-SHA256 keyed with
 * the cookie over a label, both nonces, both node names and both creations. The cookie never leaves the node; a
 * proof is worthless for any other pair of nonces, so a recorded handshake cannot be replayed.
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
    private static final byte[] CLIENT_LABEL = "spore-client-proof-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "spore-server-proof-v1".getBytes(StandardCharsets.US_ASCII);
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
     * The proof the client sends in ChallengeResponse.
     *
     * @param cookie         the cookie's bytes (not empty)
     * @param clientNonce    Nc, from Hello
     * @param serverNonce    Ns, from Challenge
     * @param client         the client's node name
     * @param server         the server's node name
     * @param clientCreation the client's creation
     * @param serverCreation the server's creation
     * @return the proof, {@value #PROOF_LENGTH} bytes
     * @throws SporeException {@code INVALID_ARGUMENT} when the cookie is empty or a nonce is not 32 bytes
     */
    public static byte[] client(byte[] cookie, byte[] clientNonce, byte[] serverNonce, NodeName client,
                                NodeName server, int clientCreation, int serverCreation) {
        return proof(CLIENT_LABEL, cookie, clientNonce, serverNonce, client, server, clientCreation, serverCreation);
    }

    /**
     * The proof the server sends in Welcome. Same arguments as {@link #client}, for the same handshake.
     *
     * @return the proof, {@value #PROOF_LENGTH} bytes
     * @throws SporeException {@code INVALID_ARGUMENT} when the cookie is empty or a nonce is not 32 bytes
     */
    public static byte[] server(byte[] cookie, byte[] clientNonce, byte[] serverNonce, NodeName client,
                                NodeName server, int clientCreation, int serverCreation) {
        return proof(SERVER_LABEL, cookie, clientNonce, serverNonce, client, server, clientCreation, serverCreation);
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

    private static byte[] proof(byte[] label, byte[] cookie, byte[] clientNonce, byte[] serverNonce,
                                NodeName client, NodeName server, int clientCreation, int serverCreation) {
        if (cookie == null || cookie.length == 0) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "the cookie is empty; put a secret in the cookie file (the same on every node that talks)");
        }
        checkNonce(clientNonce, "client");
        checkNonce(serverNonce, "server");
        byte[] clientName = client.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] serverName = server.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer message = ByteBuffer.allocate(label.length + 2 * NONCE_LENGTH + 2 + clientName.length + 2
            + serverName.length + 2 * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        message.put(label).put(clientNonce).put(serverNonce)
            .putShort((short) clientName.length).put(clientName)
            .putShort((short) serverName.length).put(serverName)
            .putInt(clientCreation).putInt(serverCreation);
        return hmac(cookie, message.array());
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

    private static void checkNonce(byte[] nonce, String whose) {
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the " + whose + " nonce must be "
                + NONCE_LENGTH + " bytes, not " + (nonce == null ? "missing" : nonce.length));
        }
    }
}
