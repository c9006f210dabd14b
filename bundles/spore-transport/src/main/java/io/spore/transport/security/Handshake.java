package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.wire.HandshakeProof;
import io.spore.wire.StaleSessionNotice;

import java.security.SecureRandom;

/**
 * The cookie handshake between two nodes: an HMAC-SHA256 challenge–response in which each side proves it holds
 * the cookie without sending it, over fresh nonces from both sides.
 *
 * <pre>
 *   client                                     server
 *   Hello(client, creation, clientNonce)   -&gt;
 *                                          &lt;-  Challenge(server, creation, serverNonce)
 *   Response(serverNonce, clientProof)     -&gt;  verified
 *                                          &lt;-  Welcome(clientNonce, serverProof)
 *   verified
 * </pre>
 *
 * <p>A proof is exactly the one the wire contract specifies (the header comment of {@code spore-wire.xml}, computed
 * by {@link HandshakeProof}): HMAC-SHA256 keyed with the cookie over a label ({@code spore-client-proof-v1} or
 * {@code spore-server-proof-v1}, so one side's proof never serves as the other's), both nonces, both node names and
 * both creations. Nonces are {@value #NONCE_LENGTH} bytes, the schema's {@code Nonce} type.
 *
 * <p>Replay: a server accepts a response only for the nonce it issued in the same handshake, and only once; a
 * recorded response from an earlier handshake names an old nonce and fails, and one altered to name the new
 * nonce fails its proof. Proofs are compared in constant time ({@link java.security.MessageDigest#isEqual}).
 *
 * <p>The two sides are {@link ClientHandshake} and {@link ServerHandshake}: pure state machines, with no I/O, that
 * the frame layer feeds. Thread-safe: this class is stateless.
 */
public final class Handshake {
    /** Length of a nonce in bytes. */
    public static final int NONCE_LENGTH = HandshakeProof.NONCE_LENGTH;
    /** Length of a proof in bytes (HMAC-SHA256). */
    public static final int PROOF_LENGTH = HandshakeProof.PROOF_LENGTH;

    static final String CLIENT_LABEL = "client";
    static final String SERVER_LABEL = "server";

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

    /** The transcript is the wire contract's; {@link HandshakeProof} is its one implementation. */
    static byte[] proof(Cookie cookie, String label, byte[] clientNonce, byte[] serverNonce,
                        NodeName client, NodeName server, int clientCreation, int serverCreation) {
        return CLIENT_LABEL.equals(label)
            ? HandshakeProof.client(cookie.key(), clientNonce, serverNonce, client, server, clientCreation,
                serverCreation)
            : HandshakeProof.server(cookie.key(), clientNonce, serverNonce, client, server, clientCreation,
                serverCreation);
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
