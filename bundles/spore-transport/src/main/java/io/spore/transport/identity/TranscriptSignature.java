package io.spore.transport.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The proof that a handshake's peer holds its certificate's key: a signature over the handshake's transcript hash,
 * made by each side with its own node key and checked with the certificate the other side sent.
 *
 * <p>What is signed is TLS 1.3's CertificateVerify content with Spore's own labels: 64 bytes of {@code 0x20}, the
 * label {@code "spore identity v1, client transcript"} or {@code "... server transcript"}, one {@code 0x00}, then the
 * hash. The label names the signer's role, so a signature made as a client never verifies as a server's: a relay that
 * reflects a node's own signature back to it (two nodes with one certificate, or a node dialling itself) fails. The
 * prefix and the version keep these signatures apart from anything else the same key might ever sign.
 *
 * <p>Both accepted algorithms give {@value #SIGNATURE_BYTES} bytes: Ed25519's signature, and ECDSA P-256's in IEEE
 * P1363 form (r then s, 32 bytes each), the JDK's {@code SHA256withECDSAinP1363Format}, rather than the variable DER
 * of {@code SHA256withECDSA}; a frame then carries one fixed size, and a stranger's signature is never parsed as DER.
 *
 * <p>Thread-safe: stateless; a {@link Signature} is made per call (handshakes are rare).
 */
public final class TranscriptSignature {
    /** The length of every signature, Ed25519 or ECDSA P-256 (P1363). */
    public static final int SIGNATURE_BYTES = 64;
    /** The shortest transcript hash accepted (SHA-256). */
    public static final int MIN_HASH_BYTES = 32;
    /** The longest transcript hash accepted (SHA-512). */
    public static final int MAX_HASH_BYTES = 64;

    private static final int PAD_BYTES = 64;

    /** Which side of the handshake signed. */
    public enum Role {
        /** The node that started the handshake. */
        CLIENT("spore identity v1, client transcript"),
        /** The node that answered it. */
        SERVER("spore identity v1, server transcript");

        private final byte[] label;

        Role(String label) {
            this.label = label.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private TranscriptSignature() {
    }

    /**
     * @param self           this node's identity
     * @param role           this node's role in the handshake
     * @param transcriptHash the hash of the handshake's transcript, {@value #MIN_HASH_BYTES} to
     *                       {@value #MAX_HASH_BYTES} bytes
     * @return the signature, {@value #SIGNATURE_BYTES} bytes
     * @throws IllegalArgumentException when the hash's length is outside the bounds
     */
    public static byte[] sign(NodeIdentity self, Role role, byte[] transcriptHash) {
        return sign(self.privateKey(), self.keyAlgorithm(), role, transcriptHash);
    }

    /**
     * @param peer           the peer, whose certificate {@link TrustedPeers} accepted
     * @param role           the peer's role in the handshake (the client checks the server's signature with
     *                       {@link Role#SERVER})
     * @param transcriptHash the hash of the handshake's transcript as this node computed it
     * @param signature      what the peer sent
     * @throws IdentityException        {@link IdentityException.Failure#BAD_SIGNATURE} when the signature is not the
     *                                  peer's key's over this transcript in that role, whatever its bytes
     * @throws IllegalArgumentException when the hash's length is outside the bounds (this node's mistake)
     */
    public static void verify(VerifiedPeer peer, Role role, byte[] transcriptHash, byte[] signature)
        throws IdentityException {
        if (!verifies(peer.certificate().getPublicKey(), peer.keyAlgorithm(), role, transcriptHash, signature)) {
            throw new IdentityException(IdentityException.Failure.BAD_SIGNATURE, "the "
                + role.name().toLowerCase(Locale.ROOT) + " signature of " + peer + " does not verify: it does not"
                + " hold its certificate's key, or the handshake was altered");
        }
    }

    static byte[] sign(PrivateKey key, KeyAlgorithm algorithm, Role role, byte[] transcriptHash) {
        byte[] content = content(role, transcriptHash);
        try {
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm());
            signer.initSign(key);
            signer.update(content);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            // The key was checked when the identity was loaded: a failure here is the JDK's.
            throw new IllegalStateException("cannot sign with the node's " + algorithm.displayName() + " key: " + e, e);
        }
    }

    static boolean verifies(PublicKey key, KeyAlgorithm algorithm, Role role, byte[] transcriptHash,
                            byte[] signature) {
        byte[] content = content(role, transcriptHash);
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false; // a signature that cannot even be decoded is simply not a valid one
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify " + algorithm.displayName() + " signatures: " + e, e);
        }
    }

    private static byte[] content(Role role, byte[] transcriptHash) {
        Objects.requireNonNull(role, "role");
        if (transcriptHash.length < MIN_HASH_BYTES || transcriptHash.length > MAX_HASH_BYTES) {
            throw new IllegalArgumentException("a transcript hash has " + MIN_HASH_BYTES + " to " + MAX_HASH_BYTES
                + " bytes, not " + transcriptHash.length);
        }
        byte[] content = new byte[PAD_BYTES + role.label.length + 1 + transcriptHash.length];
        Arrays.fill(content, 0, PAD_BYTES, (byte) 0x20);
        System.arraycopy(role.label, 0, content, PAD_BYTES, role.label.length);
        content[PAD_BYTES + role.label.length] = 0;
        System.arraycopy(transcriptHash, 0, content, PAD_BYTES + role.label.length + 1, transcriptHash.length);
        return content;
    }
}
