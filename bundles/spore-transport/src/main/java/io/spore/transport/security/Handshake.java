package io.spore.transport.security;

import io.spore.api.NodeName;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 * <p>A proof is {@code HMAC-SHA256(cookie, transcript)} with the transcript, in this order: the label
 * ({@code "client"} or {@code "server"}, so one side's proof never serves as the other's), the client nonce, the
 * server nonce, the client's and the server's node names, and the client's and the server's creations. Strings are
 * UTF-8 with an unsigned 16-bit big-endian length before them, nonces are their {@value #NONCE_LENGTH} bytes, and
 * creations are 32-bit big-endian: another implementation computes the same bytes from this description.
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
    public static final int NONCE_LENGTH = 16;
    /** Length of a proof in bytes (HMAC-SHA256). */
    public static final int PROOF_LENGTH = 32;

    static final String CLIENT_LABEL = "client";
    static final String SERVER_LABEL = "server";
    private static final String HMAC = "HmacSHA256";

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

    /** The transcript layout is the wire contract described in the class comment; change both together. */
    static byte[] proof(Cookie cookie, String label, byte[] clientNonce, byte[] serverNonce,
                        NodeName client, NodeName server, int clientCreation, int serverCreation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream transcript = new DataOutputStream(bytes)) {
            writeText(transcript, label);
            transcript.write(clientNonce);
            transcript.write(serverNonce);
            writeText(transcript, client.toString());
            writeText(transcript, server.toString());
            transcript.writeInt(clientCreation);
            transcript.writeInt(serverCreation);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(cookie.key(), HMAC));
            return mac.doFinal(bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks " + HMAC + ", which every Java platform must provide", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length); // names are at most 318 bytes: far below 65535
        out.write(utf8);
    }
}
