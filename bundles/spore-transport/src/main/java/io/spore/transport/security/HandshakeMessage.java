package io.spore.transport.security;

import io.spore.api.NodeName;

import java.util.HexFormat;

/**
 * The four messages of the cookie handshake, as plain values; the frame layer carries them (with the items the
 * transcript adds: flags, sizes, endpoints, modes, session ids). Nonces are {@value Handshake#NONCE_LENGTH} bytes,
 * ephemeral public keys {@value Handshake#KEY_LENGTH} and proofs {@value Handshake#PROOF_LENGTH}; the cookie is in
 * none of them.
 *
 * <p>Immutable: byte arrays are copied in and out. Records compare their arrays by identity, so compare the
 * accessors' contents instead.
 */
public sealed interface HandshakeMessage {

    /**
     * Client to server, first: who is asking, and the client's fresh nonce.
     *
     * @param client   the connecting node
     * @param creation the connecting node's incarnation
     * @param nonce    the client's nonce, fresh for this handshake
     * @param key      the client's ephemeral X25519 public key, fresh for this handshake
     */
    record Hello(NodeName client, int creation, byte[] nonce, byte[] key) implements HandshakeMessage {
        /** @throws IllegalArgumentException when a part is missing or has the wrong length */
        public Hello {
            requireNode(client);
            nonce = copyOf(nonce, Handshake.NONCE_LENGTH, "nonce");
            key = copyOf(key, Handshake.KEY_LENGTH, "key");
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Hello[" + client + ", creation " + creation + ", nonce " + hex(nonce) + "]";
        }
    }

    /**
     * Server to client: who answers, and the server's fresh nonce that the client must prove it can sign.
     *
     * @param server   the answering node
     * @param creation the answering node's incarnation
     * @param nonce    the server's nonce, issued for this handshake only
     * @param key      the server's ephemeral X25519 public key, fresh for this handshake
     */
    record Challenge(NodeName server, int creation, byte[] nonce, byte[] key) implements HandshakeMessage {
        /** @throws IllegalArgumentException when a part is missing or has the wrong length */
        public Challenge {
            requireNode(server);
            nonce = copyOf(nonce, Handshake.NONCE_LENGTH, "nonce");
            key = copyOf(key, Handshake.KEY_LENGTH, "key");
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Challenge[" + server + ", creation " + creation + ", nonce " + hex(nonce) + "]";
        }
    }

    /**
     * Client to server: the client's proof that it holds the cookie.
     *
     * @param serverNonce the server nonce this response answers (so a response to another handshake is recognised)
     * @param proof       the key schedule's client proof over the transcript hash
     */
    record Response(byte[] serverNonce, byte[] proof) implements HandshakeMessage {
        /** @throws IllegalArgumentException when a part is missing or has the wrong length */
        public Response {
            serverNonce = copyOf(serverNonce, Handshake.NONCE_LENGTH, "serverNonce");
            proof = copyOf(proof, Handshake.PROOF_LENGTH, "proof");
        }

        @Override
        public byte[] serverNonce() {
            return serverNonce.clone();
        }

        @Override
        public byte[] proof() {
            return proof.clone();
        }

        @Override
        public String toString() {
            return "Response[serverNonce " + hex(serverNonce) + "]";
        }
    }

    /**
     * Server to client, last: the server's own proof, so the client knows it reached a node with the same cookie.
     *
     * @param clientNonce the client nonce this welcome answers
     * @param proof       the key schedule's server proof over the transcript hash
     */
    record Welcome(byte[] clientNonce, byte[] proof) implements HandshakeMessage {
        /** @throws IllegalArgumentException when a part is missing or has the wrong length */
        public Welcome {
            clientNonce = copyOf(clientNonce, Handshake.NONCE_LENGTH, "clientNonce");
            proof = copyOf(proof, Handshake.PROOF_LENGTH, "proof");
        }

        @Override
        public byte[] clientNonce() {
            return clientNonce.clone();
        }

        @Override
        public byte[] proof() {
            return proof.clone();
        }

        @Override
        public String toString() {
            return "Welcome[clientNonce " + hex(clientNonce) + "]";
        }
    }

    private static void requireNode(NodeName node) {
        if (node == null) {
            throw new IllegalArgumentException("a handshake message needs a node name");
        }
    }

    private static byte[] copyOf(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, was "
                + (bytes == null ? "missing" : bytes.length + " bytes"));
        }
        return bytes.clone();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
