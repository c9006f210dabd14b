package io.spore.transport.identity;

import io.spore.api.SporeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Adds certificates to a trust store, as {@code spore identity trust} does, refusing those that could never admit a
 * peer, so that a mistake shows when the certificate is added rather than as a refused handshake later.
 *
 * <p>A CA certificate (basic constraints {@code CA:true}) is added as it is. Any other certificate is pinned, and
 * must then be a node's: with a URI subject alternative name {@code spore:NAME@HOST} and an Ed25519 or EC P-256
 * key. Neither may have expired. Each entry's alias is the certificate's SHA-256 in lower-case hex, so adding the same
 * certificate twice changes nothing. The store is made when missing and written whole, mode 0600
 * ({@link IdentityStores#save}); two commands that add at the same moment may lose one addition, so add from one
 * place at a time.
 *
 * <p>Thread-safe: stateless.
 */
public final class TrustStoreWriter {
    /**
     * What became of one certificate.
     *
     * @param certificate the certificate
     * @param authority   whether it was taken as a CA (else it is pinned)
     * @param added       whether it was added, rather than there already
     */
    public record Trusted(X509Certificate certificate, boolean authority, boolean added) {
    }

    private TrustStoreWriter() {
    }

    /**
     * @param truststore   the trust store, made when missing
     * @param passwordFile the file that opens it, made with a random password when missing
     * @param certificates the certificates to trust
     * @return what became of each, in order
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the certificate and why, when one cannot be
     *                        trusted (then none is added), or as {@link IdentityStores} says for the files
     */
    public static List<Trusted> add(Path truststore, Path passwordFile, List<X509Certificate> certificates) {
        for (X509Certificate certificate : certificates) {
            requireUseful(certificate);
        }
        char[] password = IdentityStores.readOrCreatePassword(passwordFile);
        try {
            KeyStore store;
            if (Files.exists(truststore)) {
                store = IdentityStores.load(truststore, password, "trust store");
            } else {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
            }
            List<Trusted> outcome = new ArrayList<>();
            boolean changed = false;
            for (X509Certificate certificate : certificates) {
                boolean present = contains(store, certificate);
                if (!present) {
                    store.setCertificateEntry(alias(certificate), certificate);
                    changed = true;
                }
                outcome.add(new Trusted(certificate, NodeCertificates.isAuthority(certificate), !present));
            }
            if (changed || !Files.exists(truststore)) {
                IdentityStores.save(store, password, truststore);
            }
            return outcome;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw IdentityStores.invalid("cannot update trust store " + truststore + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void requireUseful(X509Certificate certificate) {
        String which = "certificate " + NodeCertificates.describe(certificate);
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw IdentityStores.invalid(which + " expired on " + certificate.getNotAfter().toInstant()
                + ": ask for a new one");
        } catch (CertificateNotYetValidException e) {
            // valid later: trusting it now is fine, it admits no one before its time
        }
        if (NodeCertificates.isAuthority(certificate)) {
            return;
        }
        if (NodeCertificates.nodeNames(certificate).isEmpty()) {
            throw IdentityStores.invalid(which + " is neither a CA (basic constraints CA:true) nor a node's"
                + " certificate (URI subject alternative name spore:NAME@HOST): trusting it would admit no one");
        }
        if (KeyAlgorithm.of(certificate.getPublicKey()).isEmpty()) {
            throw IdentityStores.invalid(which + " has a " + KeyAlgorithm.describe(certificate.getPublicKey())
                + " key; Spore accepts Ed25519 or EC P-256 for nodes");
        }
    }

    private static boolean contains(KeyStore store, X509Certificate certificate) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias) && certificate.equals(store.getCertificate(alias))) {
                return true;
            }
        }
        return false;
    }

    private static String alias(X509Certificate certificate) {
        return HexFormat.of().formatHex(NodeCertificates.sha256(certificate));
    }
}
