package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.wire.HandshakeProof;
import io.spore.wire.StaleSessionNotice;

import io.spore.transport.seal.EphemeralKey;
import io.spore.transport.seal.KeySchedule;
import io.spore.transport.seal.SessionKeys;
import io.spore.transport.seal.X25519;

import java.security.InvalidKeyException;
import java.security.SecureRandom;

/**
 * The handshake between two nodes: each side proves it holds the cookie without sending it, over fresh nonces and
 * fresh X25519 keys from both sides, and both come out with the same traffic secrets (TLS 1.3's PSK-with-DHE).
 *
 * <pre>
 *   client                                         server
 *   Hello(client, creation, clientNonce, Pc)   -&gt;
 *                                              &lt;-  Challenge(server, creation, serverNonce, Ps)
 *   Response(serverNonce, clientProof)         -&gt;  verified
 *                                              &lt;-  Welcome(clientNonce, serverProof)
 *   verified
 * </pre>
 *
 * <p>The proofs and the traffic secrets are {@link KeySchedule}'s, over the cookie, the X25519 shared secret and the
 * hash of the handshake's transcript, which the frame layer records (every item both frames carry, and both Aeron
 * session ids; the schema's header comment lists them). A proof binds every item of the transcript and both
 * ephemeral keys: a relayed, altered or spliced handshake fails on both sides, and a cookie stolen later derives no
 * key of a recorded connection. Nonces are {@value #NONCE_LENGTH} bytes, the schema's {@code Nonce} type.
 *
 * <p>Replay: a server accepts a response only for the nonce it issued in the same handshake, and only once; a
 * recorded response from an earlier handshake names an old nonce, and was made for other ephemeral keys, and fails.
 * Proofs are compared in constant time.
 *
 * <p>The two sides are {@link ClientHandshake} and {@link ServerHandshake}: pure state machines, with no I/O, that
 * the frame layer feeds. Thread-safe: this class is stateless.
 */
public final class Handshake {
    /** Length of a nonce in bytes. */
    public static final int NONCE_LENGTH = HandshakeProof.NONCE_LENGTH;
    /** Length of a proof in bytes. */
    public static final int PROOF_LENGTH = SessionKeys.PROOF_LENGTH;
    /** Length of an ephemeral public key in bytes (raw X25519). */
    public static final int KEY_LENGTH = X25519.KEY_LENGTH;

    private Handshake() {
    }

    /**
     * Starts the connecting side of a handshake.
     *
     * @param cookie         this node's cookie
     * @param self           this node's name
     * @param creation       this node's incarnation
     * @param expectedServer the node this one means to reach, or {@code null} to accept whoever answers
     * @param random         the source of nonces
     * @return the client side, ready for {@link ClientHandshake#hello()}
     */
    public static ClientHandshake client(
        Cookie cookie, NodeName self, int creation, NodeName expectedServer, SecureRandom random) {
        return new ClientHandshake(cookie, self, creation, expectedServer, random);
    }

    /**
     * Starts the accepting side of a handshake.
     *
     * @param cookie   this node's cookie
     * @param self     this node's name
     * @param creation this node's incarnation
     * @param random   the source of nonces
     * @return the server side, ready for {@link ServerHandshake#onHello}
     */
    public static ServerHandshake server(Cookie cookie, NodeName self, int creation, SecureRandom random) {
        return new ServerHandshake(cookie, self, creation, random);
    }

    static byte[] nonce(SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /**
     * Agrees on the X25519 shared secret with the peer's ephemeral key.
     *
     * @throws HandshakeException {@code BAD_KEY} when the peer's key is not a usable X25519 key (of small order)
     */
    static byte[] agree(EphemeralKey own, byte[] peerKey, NodeName peer) throws HandshakeException {
        try {
            return own.agree(peerKey);
        } catch (InvalidKeyException e) {
            throw new HandshakeException(HandshakeException.Failure.BAD_KEY, peer + " sent an unusable ephemeral key ("
                + e.getMessage() + "): a broken or hostile peer");
        }
    }

    /** The proofs and traffic secrets of the connection; overwrites the shared secret. */
    static SessionKeys derive(Cookie cookie, byte[] shared, byte[] transcriptHash) {
        try {
            return KeySchedule.derive(cookie, shared, transcriptHash);
        } finally {
            java.util.Arrays.fill(shared, (byte) 0);
        }
    }

    /**
     * The answer to frames of an Aeron session this node has no connection for, proven with the cookie (see
     * {@link StaleSessionNotice}).
     *
     * @param cookie    this node's cookie
     * @param self      this node's name
     * @param creation  this node's incarnation
     * @param sessionId the session it does not know
     * @return the text of the Aeron error frame that carries it
     */
    public static String staleSessionNotice(Cookie cookie, NodeName self, int creation, int sessionId) {
        return StaleSessionNotice.signed(cookie.key(), self, creation, sessionId).toText();
    }

    /**
     * @param cookie this node's cookie
     * @param peer   the node the notice must come from: the peer of the connection it names
     * @param notice a notice received
     * @return whether {@code peer}, holding the same cookie, made it
     */
    public static boolean provesStaleSession(Cookie cookie, NodeName peer, StaleSessionNotice notice) {
        return notice.provenBy(cookie.key(), peer);
    }
}
