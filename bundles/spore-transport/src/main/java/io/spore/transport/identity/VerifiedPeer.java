package io.spore.transport.identity;

import io.spore.api.NodeName;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A peer whose certificate {@link TrustedPeers} accepted for the name it claimed. It has not yet proved that it holds
 * the certificate's key: that is {@link TranscriptSignature#verify}'s work, and only after it may the handshake treat
 * {@link #node()} as verified.
 *
 * @param node          the node name the certificate is for and the peer claimed
 * @param subject       the certificate's subject, safe to print ({@link NodeCertificates#subject})
 * @param fingerprint   the certificate's SHA-256 fingerprint, as keytool prints it
 * @param keyAlgorithm  the certificate key's algorithm
 * @param certificate   the certificate itself, whose key checks the peer's signature
 */
public record VerifiedPeer(NodeName node, String subject, String fingerprint, KeyAlgorithm keyAlgorithm,
                           X509Certificate certificate) {
    /** Checks that nothing is missing. */
    public VerifiedPeer {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** @return the name, subject and fingerprint, without the certificate's text */
    @Override
    public String toString() {
        return node + " (" + subject + ", " + keyAlgorithm.displayName() + ", SHA-256 " + fingerprint + ")";
    }
}
