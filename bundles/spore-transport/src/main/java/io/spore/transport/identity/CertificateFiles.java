package io.spore.transport.identity;

import io.spore.api.SporeException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Certificates as files people pass around: PEM text ({@code -----BEGIN CERTIFICATE-----}, what
 * {@code spore identity create} prints and {@code keytool -exportcert -rfc} writes) or DER.
 *
 * <p>Thread-safe: stateless.
 */
public final class CertificateFiles {
    /** A certificate file larger than this is refused before it is read. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private CertificateFiles() {
    }

    /**
     * @param certificate a certificate
     * @return it as PEM text, lines of 64 characters, ending with a line end
     */
    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + PEM_BASE64.encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + NodeCertificates.subject(certificate), e);
        }
    }

    /**
     * @param file a file of one or more certificates, PEM or DER
     * @return its X.509 certificates, in order
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the file, when it is missing, too large,
     *                        unreadable or holds no certificate
     */
    public static List<X509Certificate> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw IdentityStores.invalid("certificate file " + file + (Files.exists(file)
                    ? " is not a regular file" : " does not exist"));
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw IdentityStores.invalid("certificate file " + file + " is larger than " + MAX_FILE_BYTES
                    + " bytes: is it the right file?");
            }
            Collection<? extends Certificate> read;
            try (InputStream in = Files.newInputStream(file)) {
                read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : read) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
            if (certificates.isEmpty()) {
                throw IdentityStores.invalid("certificate file " + file + " holds no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw IdentityStores.invalid("certificate file " + file + " is not PEM or DER X.509: "
                + NodeCertificates.printable(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw IdentityStores.invalid("cannot read certificate file " + file + ": " + e.getMessage());
        }
    }
}
