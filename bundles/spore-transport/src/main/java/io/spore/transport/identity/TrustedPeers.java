package io.spore.transport.identity;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The certificates this node accepts peers by: a PKCS#12 trust store of CA certificates and pinned node
 * certificates.
 *
 * <p>Which is which follows from the certificate: one whose basic constraints say {@code CA:true} is a CA, and a
 * peer's chain that leads to it (PKIX, the JDK's {@link CertPathValidator}) is accepted, for whatever node name the CA
 * put in the peer's certificate; any other is pinned, and a peer whose own certificate is exactly that one (equal
 * SHA-256 fingerprints of the DER) is accepted, whatever else its chain holds. Either way the peer's certificate must
 * be valid now, be for the name the peer claimed ({@link NodeCertificates}), and have an Ed25519 or EC P-256 key. A
 * node's own certificate from {@code spore identity create} is not a CA, so pinning it never lets its key vouch for
 * other names.
 *
 * <p>Revocation is not checked by default: with pinned certificates, removing one from the trust store revokes it;
 * with a CA, a short validity does. {@link #of(Collection, boolean)} turns the JDK's PKIX revocation checking on (OCSP
 * and CRLs named in the certificates); a CA-issued certificate whose status cannot be learnt is then refused.
 *
 * <p>Thread-safe: immutable; {@link #verify} may run on any thread.
 */
public final class TrustedPeers {
    private final Set<TrustAnchor> anchors;
    private final Map<ByteBuffer, X509Certificate> pinned;
    private final boolean checkRevocation;

    private TrustedPeers(Set<TrustAnchor> anchors, Map<ByteBuffer, X509Certificate> pinned,
                         boolean checkRevocation) {
        this.anchors = Collections.unmodifiableSet(anchors);
        this.pinned = Collections.unmodifiableMap(pinned);
        this.checkRevocation = checkRevocation;
    }

    /**
     * Loads a trust store, without revocation checking.
     *
     * @param truststore   the PKCS#12 trust store
     * @param passwordFile the file whose first line opens it
     * @return the trusted peers
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the file and the fix, when it or the password
     *                        file is missing, not owner-only or unreadable, the password is wrong, or it holds no
     *                        certificate
     */
    public static TrustedPeers load(Path truststore, Path passwordFile) {
        char[] password = IdentityStores.readPassword(passwordFile);
        try {
            KeyStore store = IdentityStores.load(truststore, password, "trust store");
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
            if (certificates.isEmpty()) {
                throw IdentityStores.invalid("trust store " + truststore + " holds no trusted certificate: add the"
                    + " CA's certificate or the peers' own with spore identity trust CERT.pem");
            }
            return of(certificates, false);
        } catch (GeneralSecurityException e) {
            throw IdentityStores.invalid("trust store " + truststore + " cannot be read: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * @param certificates    CA certificates and pinned node certificates, told apart as the class says
     * @param checkRevocation whether to check CA-issued certificates for revocation
     * @return the trusted peers
     */
    public static TrustedPeers of(Collection<X509Certificate> certificates, boolean checkRevocation) {
        Set<TrustAnchor> anchors = new HashSet<>();
        Map<ByteBuffer, X509Certificate> pinned = new HashMap<>();
        for (X509Certificate certificate : certificates) {
            if (NodeCertificates.isAuthority(certificate)) {
                anchors.add(new TrustAnchor(certificate, null));
            } else {
                pinned.put(ByteBuffer.wrap(NodeCertificates.sha256(certificate)), certificate);
            }
        }
        return new TrustedPeers(anchors, pinned, checkRevocation);
    }

    /** @return how many CAs the store holds */
    public int authorities() {
        return anchors.size();
    }

    /** @return how many pinned certificates the store holds */
    public int pins() {
        return pinned.size();
    }

    /**
     * Decides whether a peer's certificate chain proves the name it claimed (before the peer proves it holds the key:
     * {@link TranscriptSignature#verify}).
     *
     * @param chain   the peer's chain, its own certificate first ({@link CertificateChainCodec#decode})
     * @param claimed the node name the peer claimed in the handshake
     * @return the peer, verified
     * @throws IdentityException with the failure and a one-line reason: the chain is empty
     *                           ({@code MALFORMED_CHAIN}), neither pinned nor issued by a trusted CA
     *                           ({@code UNTRUSTED}), outside its validity ({@code EXPIRED}, {@code NOT_YET_VALID}),
     *                           not for the claimed name ({@code WRONG_NAME}), or with a key of another kind
     *                           ({@code UNSUPPORTED_KEY})
     */
    public VerifiedPeer verify(List<X509Certificate> chain, NodeName claimed) throws IdentityException {
        return verify(chain, claimed, Instant.now());
    }

    /** {@link #verify(List, NodeName)} as of {@code now}. */
    VerifiedPeer verify(List<X509Certificate> chain, NodeName claimed, Instant now) throws IdentityException {
        if (chain.isEmpty()) {
            throw new IdentityException(IdentityException.Failure.MALFORMED_CHAIN, "node " + claimed
                + " sent no certificate");
        }
        X509Certificate own = chain.get(0);
        if (pinned.containsKey(ByteBuffer.wrap(NodeCertificates.sha256(own)))) {
            requireValid(own, claimed, now);
        } else {
            requireChainToAuthority(chain, claimed, now);
        }
        if (!NodeCertificates.isFor(own, claimed)) {
            List<String> names = NodeCertificates.nodeNames(own);
            throw new IdentityException(IdentityException.Failure.WRONG_NAME, "node " + claimed + " sent a"
                + " trusted certificate for " + (names.isEmpty() ? "no node name"
                : NodeCertificates.printable(String.join(", ", names))) + " (" + NodeCertificates.subject(own)
                + ", SHA-256 " + NodeCertificates.fingerprint(own) + "): it may not use that name");
        }
        KeyAlgorithm algorithm = KeyAlgorithm.of(own.getPublicKey()).orElseThrow(() -> new IdentityException(
            IdentityException.Failure.UNSUPPORTED_KEY, "node " + claimed + " has a "
            + KeyAlgorithm.describe(own.getPublicKey()) + " key; Spore accepts Ed25519 or EC P-256"));
        return new VerifiedPeer(claimed, NodeCertificates.subject(own), NodeCertificates.fingerprint(own), algorithm,
            own);
    }

    private static void requireValid(X509Certificate own, NodeName claimed, Instant now) throws IdentityException {
        try {
            own.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new IdentityException(IdentityException.Failure.EXPIRED, "the pinned certificate of node "
                + claimed + " (" + NodeCertificates.subject(own) + ") expired on " + own.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new IdentityException(IdentityException.Failure.NOT_YET_VALID, "the pinned certificate of node "
                + claimed + " (" + NodeCertificates.subject(own) + ") is valid only from "
                + own.getNotBefore().toInstant() + ": check the clocks");
        }
    }

    private void requireChainToAuthority(List<X509Certificate> chain, NodeName claimed, Instant now)
        throws IdentityException {
        X509Certificate own = chain.get(0);
        if (anchors.isEmpty()) {
            throw untrusted(claimed, own, "it is not pinned, and the trust store holds no CA");
        }
        try {
            // The path ends below the anchor: a peer that sends its root too does not make it part of the path.
            List<X509Certificate> path = new ArrayList<>(chain);
            while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
                path.remove(path.size() - 1);
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(checkRevocation);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                throw outsideValidity(e, chain, claimed, now);
            }
            throw untrusted(claimed, own, "no trusted CA issued it (" + oneLine(e.getMessage()) + ")");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw untrusted(claimed, own, "its chain cannot be checked (" + oneLine(String.valueOf(e.getMessage()))
                + ")");
        }
    }

    /** PKIX says only "validity check failed": name the certificate and its date. */
    private static IdentityException outsideValidity(CertPathValidatorException e, List<X509Certificate> chain,
                                                     NodeName claimed, Instant now) {
        boolean expired = e.getReason() == CertPathValidatorException.BasicReason.EXPIRED;
        X509Certificate which = e.getIndex() >= 0 && e.getIndex() < chain.size() ? chain.get(e.getIndex())
            : chain.get(0);
        String whose = (which == chain.get(0) ? "the certificate of node " + claimed + " ("
            : "the issuer in the chain of node " + claimed + " (") + NodeCertificates.subject(which) + ")";
        return expired
            ? new IdentityException(IdentityException.Failure.EXPIRED, whose + " expired on "
                + which.getNotAfter().toInstant())
            : new IdentityException(IdentityException.Failure.NOT_YET_VALID, whose + " is valid only from "
                + which.getNotBefore().toInstant() + " (it is " + now + " here): check the clocks");
    }

    private boolean isAnchor(Certificate certificate) {
        for (TrustAnchor anchor : anchors) {
            if (anchor.getTrustedCert().equals(certificate)) {
                return true;
            }
        }
        return false;
    }

    private static IdentityException untrusted(NodeName claimed, X509Certificate own, String why) {
        return new IdentityException(IdentityException.Failure.UNTRUSTED, "node " + claimed + " sent a certificate"
            + " this node does not trust (" + NodeCertificates.describe(own) + "): " + why
            + "; add its CA or the certificate itself with spore identity trust CERT.pem");
    }

    private static String oneLine(String text) {
        return NodeCertificates.printable(text.replaceAll("\\s+", " "));
    }

    /** @return the counts, for a log line */
    @Override
    public String toString() {
        return "TrustedPeers[" + anchors.size() + " CAs, " + pins() + " pinned"
            + (checkRevocation ? ", revocation checked" : "") + "]";
    }
}
