package io.spore.transport.identity;

import io.spore.api.NodeName;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * What Spore reads from a certificate: the node names it is for, its fingerprint, and its subject in a form safe to
 * log.
 *
 * <p>The rule that ties a certificate to a node: the certificate carries a subject alternative name of type URI whose
 * text is {@code spore:} followed by the node's name, exactly ({@code spore:demo@host1}; the scheme in any case, the
 * name as {@link NodeName} spells it, case included, since {@code a@Host} and {@code a@host} are two nodes). It is
 * for every node so named in it; the subject's common name and any DNS names are ignored, so a certificate a CA made
 * for a web server on the same host proves nothing here. keytool writes such a name with
 * {@code -ext SAN=uri:spore:NAME@HOST}.
 *
 * <p>Thread-safe: stateless.
 */
public final class NodeCertificates {
    /** The URI scheme of a node name in a subject alternative name. */
    public static final String URI_SCHEME = "spore:";

    /** The type of a URI in {@link X509Certificate#getSubjectAlternativeNames()} (RFC 5280's GeneralName). */
    private static final int URI_NAME = 6;
    /** A subject longer than this is cut in messages: a stranger's certificate must not flood a log. */
    private static final int MAX_PRINTED = 200;

    private NodeCertificates() {
    }

    /**
     * @param certificate a certificate
     * @return the texts after {@code spore:} of its URI subject alternative names, in its order; empty when it has
     *         none, or when its extension cannot be read (a stranger's certificate then proves no name)
     */
    public static List<String> nodeNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0))
                    && name.get(1) instanceof String uri
                    && uri.regionMatches(true, 0, URI_SCHEME, 0, URI_SCHEME.length())) {
                    found.add(uri.substring(URI_SCHEME.length()));
                }
            }
        }
        return found;
    }

    /**
     * @param certificate a certificate
     * @param node        a node's name
     * @return whether the certificate is for that node (the rule above)
     */
    public static boolean isFor(X509Certificate certificate, NodeName node) {
        return nodeNames(certificate).contains(node.toString());
    }

    /**
     * @param certificate a certificate
     * @return the SHA-256 of its DER encoding, which pins it
     */
    public static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every JDK has SHA-256, and a certificate that was decoded can be encoded again.
            throw new IllegalStateException("cannot fingerprint a certificate: " + e, e);
        }
    }

    /**
     * @param certificate a certificate
     * @return its SHA-256 fingerprint as keytool prints it: upper-case hex pairs joined by colons
     */
    public static String fingerprint(X509Certificate certificate) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate));
    }

    /**
     * @param certificate a certificate
     * @return its subject (RFC 2253), safe for a one-line message: control characters replaced, at most
     *         {@value #MAX_PRINTED} characters
     */
    public static String subject(X509Certificate certificate) {
        return printable(certificate.getSubjectX500Principal().getName());
    }

    /**
     * @param certificate a certificate
     * @return its issuer, as {@link #subject(X509Certificate)}
     */
    public static String issuer(X509Certificate certificate) {
        return printable(certificate.getIssuerX500Principal().getName());
    }

    /**
     * @param certificate a certificate
     * @return whether it may issue certificates (basic constraints {@code CA:true}): in a trust store, a CA; anything
     *         else there is a pinned certificate
     */
    public static boolean isAuthority(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }

    /**
     * @param certificate a certificate
     * @return its subject, node names and fingerprint, for a message
     */
    public static String describe(X509Certificate certificate) {
        List<String> names = nodeNames(certificate);
        return subject(certificate) + (names.isEmpty() ? "" : ", for " + printable(String.join(" ", names)))
            + ", SHA-256 " + fingerprint(certificate);
    }

    /**
     * @param text text from a certificate, which a stranger chose
     * @return the text with every control character replaced by {@code ?}, cut to {@value #MAX_PRINTED} characters
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PRINTED + 3));
        for (int i = 0; i < text.length() && i < MAX_PRINTED; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c);
        }
        return text.length() > MAX_PRINTED ? out.append("...").toString() : out.toString();
    }

    /**
     * @param certificate a certificate
     * @return the name of its key's algorithm, as {@code spore identity show} prints it, for a key of any kind
     */
    public static String keyName(X509Certificate certificate) {
        return KeyAlgorithm.of(certificate.getPublicKey()).map(KeyAlgorithm::displayName)
            .orElseGet(() -> KeyAlgorithm.describe(certificate.getPublicKey()) + " (not accepted)");
    }
}
