package io.spore.transport.identity;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * This node's identity: its private key and certificate chain from a PKCS#12 keystore, checked once at start so that
 * a handshake never meets a problem the operator could have fixed.
 *
 * <p>{@link #load} accepts a keystore only when: it and its password file are owner-only files
 * ({@link IdentityStores}); the password opens it; it holds exactly one private key; the key's certificate is for
 * this node (a URI subject alternative name {@code spore:NAME@HOST}, {@link NodeCertificates}); every certificate of
 * the chain is valid now; the key is Ed25519 or EC P-256 ({@link KeyAlgorithm}); the key signs what the certificate's
 * key verifies (a keystore whose chain was replaced by another key's is caught here); and the chain fits a handshake
 * ({@link CertificateChainCodec}). Whether the peers trust the chain is theirs to decide.
 *
 * <p>The private key never leaves this package: {@link TranscriptSignature} signs with it.
 *
 * <p>Thread-safe: immutable.
 */
public final class NodeIdentity {
    private final NodeName node;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final KeyAlgorithm keyAlgorithm;
    private final byte[] encodedChain;

    private NodeIdentity(NodeName node, PrivateKey privateKey, List<X509Certificate> chain,
                         KeyAlgorithm keyAlgorithm) {
        this.node = node;
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.keyAlgorithm = keyAlgorithm;
        this.encodedChain = CertificateChainCodec.encode(chain);
    }

    /**
     * Loads and checks this node's identity now.
     *
     * @param keystore     the node's PKCS#12 keystore
     * @param passwordFile the file whose first line opens it
     * @param node         this node's name
     * @return the identity
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the file, what is wrong and what to do, when
     *                        any check above fails
     */
    public static NodeIdentity load(Path keystore, Path passwordFile, NodeName node) {
        return load(keystore, passwordFile, node, Instant.now());
    }

    /** {@link #load(Path, Path, NodeName)} as of {@code now}. */
    static NodeIdentity load(Path keystore, Path passwordFile, NodeName node, Instant now) {
        char[] password = IdentityStores.readPassword(passwordFile);
        try {
            KeyStore store = IdentityStores.load(keystore, password, "identity keystore");
            KeyStore.PrivateKeyEntry entry = IdentityStores.keyEntry(store, password, keystore);
            return of(entry, node, keystore, now);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * @param entry a keystore's key entry
     * @param node  this node's name
     * @param where the keystore, for messages
     * @param now   the time the certificates must be valid at
     * @return the identity
     * @throws SporeException as {@link #load(Path, Path, NodeName)}
     */
    static NodeIdentity of(KeyStore.PrivateKeyEntry entry, NodeName node, Path where, Instant now) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : entry.getCertificateChain()) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw invalid(where, "holds a " + certificate.getType() + " certificate, not X.509");
            }
            chain.add(x509);
        }
        X509Certificate own = chain.get(0);
        List<String> names = NodeCertificates.nodeNames(own);
        if (!names.contains(node.toString())) {
            throw invalid(where, "has a certificate for " + (names.isEmpty()
                ? "no node (it has no URI subject alternative name spore:NAME@HOST)"
                : NodeCertificates.printable(String.join(", ", names))) + ", not for this node " + node
                + ": make one for it with spore identity create " + node);
        }
        for (X509Certificate certificate : chain) {
            requireValid(certificate, certificate == own ? "its certificate" : "issuer "
                + NodeCertificates.subject(certificate), where, node, now);
        }
        KeyAlgorithm algorithm = KeyAlgorithm.of(own.getPublicKey()).orElseThrow(() -> invalid(where, "has a "
            + KeyAlgorithm.describe(own.getPublicKey()) + " key; Spore accepts Ed25519 (preferred) or EC P-256:"
            + " make one with spore identity create " + node));
        byte[] probe = new byte[TranscriptSignature.MIN_HASH_BYTES];
        byte[] signature;
        try {
            signature = TranscriptSignature.sign(entry.getPrivateKey(), algorithm, TranscriptSignature.Role.CLIENT,
                probe);
        } catch (IllegalStateException e) {
            throw invalid(where, "has a key that cannot sign as " + algorithm.displayName() + ": " + e.getMessage());
        }
        if (!TranscriptSignature.verifies(own.getPublicKey(), algorithm, TranscriptSignature.Role.CLIENT, probe,
            signature)) {
            throw invalid(where, "has a private key that does not belong to its certificate: import the certificate"
                + " made for this key");
        }
        try {
            return new NodeIdentity(node, entry.getPrivateKey(), chain, algorithm);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "has a certificate chain a handshake cannot carry: " + e.getMessage());
        }
    }

    private static void requireValid(X509Certificate certificate, String which, Path where, NodeName node,
                                     Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw invalid(where, ": " + which + " expired on " + certificate.getNotAfter().toInstant()
                + ": make a new one with spore identity create " + node + ", or have it signed again");
        } catch (CertificateNotYetValidException e) {
            throw invalid(where, ": " + which + " is valid only from " + certificate.getNotBefore().toInstant()
                + ": check this host's clock, or wait");
        }
    }

    private static SporeException invalid(Path where, String problem) {
        return IdentityStores.invalid("identity keystore " + where + (problem.startsWith(":") ? "" : " ")
            + problem);
    }

    /** @return this node's name, which its certificate is for */
    public NodeName node() {
        return node;
    }

    /** @return the node's certificate, then its issuers */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** @return the node's own certificate */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** @return the algorithm of the node's key */
    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** @return the own certificate's SHA-256 fingerprint, as keytool prints it */
    public String fingerprint() {
        return NodeCertificates.fingerprint(certificate());
    }

    /** @return the chain as {@link CertificateChainCodec} encodes it, for the handshake (a copy) */
    public byte[] encodedChain() {
        return encodedChain.clone();
    }

    /** Package-private: only {@link TranscriptSignature} signs with it. */
    PrivateKey privateKey() {
        return privateKey;
    }

    /** @return the node, subject and fingerprint; never the key */
    @Override
    public String toString() {
        return "NodeIdentity[" + node + ", " + NodeCertificates.subject(certificate()) + ", "
            + keyAlgorithm.displayName() + ", SHA-256 " + fingerprint() + "]";
    }
}
