package io.spore.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key schedule of the node-manager channel, TLS 1.3's PSK-DHE mode in small (RFC 8446, section 7.1): the
 * one-time token is the pre-shared key, the two ephemeral X25519 keys give the Diffie-Hellman secret, and
 *
 * <pre>
 *   early     = HKDF-Extract(salt "spore node-manager channel v1", token)
 *   handshake = HKDF-Extract(salt early, X25519 secret)
 *   proof     = HMAC(Expand-Label(handshake, "creator proof" | "node proof", "", 32), transcript hash)
 *   traffic   = Expand-Label(handshake, "creator to node" | "node to creator", transcript hash, 32)
 * </pre>
 *
 * Both proofs and both traffic secrets depend on the token and on the ephemeral secret: someone who only watched
 * the connection has neither, so cannot open a record nor test a guess of the token against a proof (the token is
 * 256 random bits, and a peer who completes the key exchange itself learns no more than that its guess was wrong).
 * A token stolen later does not open recorded traffic: the ephemeral keys are gone (forward secrecy). Immutable.
 */
final class ChannelKeys {
    private static final byte[] EARLY_SALT = "spore node-manager channel v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] handshakeSecret;

    private ChannelKeys(byte[] handshakeSecret) {
        this.handshakeSecret = handshakeSecret;
    }

    /**
     * @param token        the one-time token the creator wrote to the node's standard input
     * @param sharedSecret the X25519 secret of the two ephemeral keys
     */
    static ChannelKeys derive(String token, byte[] sharedSecret) {
        byte[] early = ChannelHkdf.extract(EARLY_SALT, token.getBytes(StandardCharsets.UTF_8));
        return new ChannelKeys(ChannelHkdf.extract(early, sharedSecret));
    }

    /** @return the creator's proof over the transcript hash of the two hellos */
    byte[] creatorProof(byte[] transcriptHash) {
        return proof("creator proof", transcriptHash);
    }

    /** @return the node's proof over the transcript hash through the creator's proof */
    byte[] nodeProof(byte[] transcriptHash) {
        return proof("node proof", transcriptHash);
    }

    private byte[] proof(String label, byte[] transcriptHash) {
        byte[] key = ChannelHkdf.expandLabel(handshakeSecret, label, new byte[0], ChannelHkdf.HASH_LENGTH);
        return ChannelHkdf.hmac(key, transcriptHash);
    }

    /** @return the key the creator seals with and the node opens with */
    TrafficKey creatorToNode(byte[] transcriptHash) {
        return new TrafficKey(ChannelHkdf.expandLabel(handshakeSecret, "creator to node", transcriptHash,
            ChannelHkdf.HASH_LENGTH));
    }

    /** @return the key the node seals with and the creator opens with */
    TrafficKey nodeToCreator(byte[] transcriptHash) {
        return new TrafficKey(ChannelHkdf.expandLabel(handshakeSecret, "node to creator", transcriptHash,
            ChannelHkdf.HASH_LENGTH));
    }

    /**
     * The running hash of every handshake frame as it travelled, in order (TLS's transcript hash): the protocol
     * version, both nonces, both ephemeral keys and the node's name are all in it, so changing any of them in
     * transit makes the proofs fail. Not thread-safe: the handshake's thread owns it.
     */
    static final class Transcript {
        private final MessageDigest digest;

        Transcript() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM lacks SHA-256, which every Java SE has", e);
            }
            digest.update(EARLY_SALT);
        }

        /** Adds a frame as it travelled. */
        void add(ChannelFrame frame) {
            digest.update(frame.encode());
        }

        /** @return the hash of everything added so far; more can be added after */
        byte[] hash() {
            try {
                return ((MessageDigest) digest.clone()).digest();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests of this JVM cannot be cloned", e);
            }
        }
    }
}
