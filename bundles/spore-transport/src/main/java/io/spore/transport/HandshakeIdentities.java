package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.transport.identity.CertificateChainCodec;
import io.spore.transport.identity.IdentityException;
import io.spore.transport.identity.NodeIdentity;
import io.spore.transport.identity.TranscriptSignature;
import io.spore.transport.identity.TrustedPeers;
import io.spore.transport.identity.VerifiedPeer;
import io.spore.transport.security.HandshakeException;
import io.spore.wire.sbe.IdentityDecoder;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Node identities in the handshake: this node's own, which it presents in an Identity frame signed over the
 * transcript hash, and the certificates it trusts, by which it checks the peer's. A node with a trust store requires
 * every peer to prove its name so: the peer's own certificate must be trusted (pinned, or issued by a trusted CA) and
 * name it, and its signature over this very transcript must verify; a peer that sends no identity, or one that does
 * not verify, is refused with the reason. A node without a trust store ignores identities it receives: it has no way
 * to check them, and names then rest on the cookie alone.
 *
 * <p>Threading: immutable; the thread doing the receiving work uses it.
 */
final class HandshakeIdentities {
    /** The longest signature an Identity frame may carry (Ed25519 and P-256 in P1363 form take 64 bytes). */
    static final int MAX_SIGNATURE_BYTES = 512;

    private final NodeIdentity own;
    private final TrustedPeers trusted;

    /**
     * @param own     this node's identity, or {@code null} for none
     * @param trusted the certificates this node accepts peers by, or {@code null} to require no identities
     */
    HandshakeIdentities(NodeIdentity own, TrustedPeers trusted) {
        this.own = own;
        this.trusted = trusted;
    }

    /** @return whether this node presents an identity in its handshakes */
    boolean presents() {
        return own != null;
    }

    /**
     * Writes this node's Identity frame: its chain, and its signature over the transcript in its role.
     *
     * @return the frame's length in {@code writer}'s buffer
     */
    int write(FrameWriter writer, TranscriptSignature.Role role, byte[] transcriptHash) {
        return writer.identity(own.encodedChain(), TranscriptSignature.sign(own, role, transcriptHash));
    }

    /**
     * Checks a peer's Identity frame against the trusted certificates and this handshake's transcript.
     *
     * @param claimed        the name the peer claimed in its Hello or Challenge
     * @param peerRole       the peer's role in the handshake
     * @param transcriptHash the transcript hash as this node computed it
     * @return the verified peer, or {@code null} when this node trusts no certificates (it cannot check them)
     * @throws HandshakeException {@code WRONG_IDENTITY} with the reason, when the identity does not prove the name
     */
    VerifiedPeer verify(IdentityDecoder frame, NodeName claimed, TranscriptSignature.Role peerRole,
                        byte[] transcriptHash) throws HandshakeException {
        int chainLength = frame.certificatesLength();
        if (trusted == null) {
            frame.skipCertificates();
            frame.skipSignature();
            return null;
        }
        try {
            if (chainLength > CertificateChainCodec.MAX_ENCODED_BYTES) {
                throw new IdentityException(IdentityException.Failure.MALFORMED_CHAIN, "node " + claimed + " sent a"
                    + " certificate chain of " + chainLength + " bytes, more than the " + CertificateChainCodec
                    .MAX_ENCODED_BYTES + " allowed");
            }
            byte[] chainBytes = new byte[chainLength];
            frame.getCertificates(chainBytes, 0, chainLength);
            int signatureLength = frame.signatureLength();
            if (signatureLength > MAX_SIGNATURE_BYTES) {
                throw new IdentityException(IdentityException.Failure.MALFORMED_CHAIN, "node " + claimed + " sent a"
                    + " signature of " + signatureLength + " bytes");
            }
            byte[] signature = new byte[signatureLength];
            frame.getSignature(signature, 0, signatureLength);
            List<X509Certificate> chain = CertificateChainCodec.decode(chainBytes);
            VerifiedPeer peer = trusted.verify(chain, claimed);
            TranscriptSignature.verify(peer, peerRole, transcriptHash, signature);
            return peer;
        } catch (IdentityException e) {
            throw new HandshakeException(HandshakeException.Failure.WRONG_IDENTITY, e.getMessage());
        }
    }

    /**
     * The handshake is about to complete: a node that trusts certificates must have verified the peer's.
     *
     * @throws HandshakeException {@code WRONG_IDENTITY} when it requires one and none was verified
     */
    void requireVerified(VerifiedPeer verified, NodeName peer) throws HandshakeException {
        if (trusted != null && verified == null) {
            throw new HandshakeException(HandshakeException.Failure.WRONG_IDENTITY, "node " + peer + " proved no"
                + " identity, and this node accepts only nodes whose certificate it trusts: give " + peer
                + " an identity (spore identity create " + peer + ") that this node's trust store accepts");
        }
    }
}
