package io.spore.transport.identity;

import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain as a handshake frame carries it, the node's own certificate first, then each issuer:
 *
 * <pre>
 *   count    u8, 1 to {@value #MAX_CERTIFICATES}
 *   count times:
 *     length u16 big-endian, at least 1
 *     der    length bytes, one X.509 certificate in DER
 * </pre>
 *
 * <p>The whole is at most {@value #MAX_ENCODED_BYTES} bytes (a P-256 chain of three is about 1.5 KiB; the bound
 * leaves room for long names and a few more issuers, and fits a handshake frame). The bytes come from a stranger
 * before anything is proved, so the decoder checks every length against what is left before it takes a byte, allocates
 * nothing beyond the input's bounded size, accepts each certificate only when its DER is exactly the bytes given (no
 * trailing bytes, no PEM, no second encoding of the same certificate), and turns every failure into one
 * {@link IdentityException} of {@link IdentityException.Failure#MALFORMED_CHAIN}. Decoding proves nothing about
 * trust: {@link TrustedPeers#verify} does that.
 *
 * <p>Thread-safe: stateless.
 */
public final class CertificateChainCodec {
    /** The largest encoded chain, in bytes, checked before anything is read. */
    public static final int MAX_ENCODED_BYTES = 16 * 1024;
    /** The most certificates in a chain: the node's own and its issuers up to, but not counting, the root. */
    public static final int MAX_CERTIFICATES = 8;

    private static final int MAX_CERTIFICATE_BYTES = 0xFFFF;

    private CertificateChainCodec() {
    }

    /**
     * @param chain the node's certificate first, then its issuers in order
     * @return the chain's encoding
     * @throws IllegalArgumentException when the chain is empty, has more than {@value #MAX_CERTIFICATES}
     *                                  certificates, or its encoding would exceed {@value #MAX_ENCODED_BYTES} bytes
     */
    public static byte[] encode(List<X509Certificate> chain) {
        if (chain.isEmpty() || chain.size() > MAX_CERTIFICATES) {
            throw new IllegalArgumentException("a certificate chain has 1 to " + MAX_CERTIFICATES
                + " certificates, not " + chain.size());
        }
        List<byte[]> ders = new ArrayList<>(chain.size());
        int size = 1;
        for (X509Certificate certificate : chain) {
            byte[] der = der(certificate);
            ders.add(der);
            size += 2 + der.length;
        }
        if (size > MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("the certificate chain takes " + size + " bytes; a handshake carries"
                + " at most " + MAX_ENCODED_BYTES + ": use shorter names or fewer intermediate CAs");
        }
        byte[] out = new byte[size];
        out[0] = (byte) chain.size();
        int at = 1;
        for (byte[] der : ders) {
            out[at] = (byte) (der.length >>> 8);
            out[at + 1] = (byte) der.length;
            System.arraycopy(der, 0, out, at + 2, der.length);
            at += 2 + der.length;
        }
        return out;
    }

    /** {@link #decode(byte[], int, int)} of the whole array. */
    public static List<X509Certificate> decode(byte[] bytes) throws IdentityException {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * @param bytes  what a peer sent
     * @param offset where the chain starts
     * @param length how many bytes it takes, all of which must belong to it
     * @return the certificates, the peer's own first
     * @throws IdentityException         {@link IdentityException.Failure#MALFORMED_CHAIN} when the bytes are not
     *                                   such a chain, whatever they are
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not lie within {@code bytes}: the
     *                                   caller's mistake, not the peer's
     */
    public static List<X509Certificate> decode(byte[] bytes, int offset, int length) throws IdentityException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length > MAX_ENCODED_BYTES) {
            throw malformed("it takes " + length + " bytes, more than the " + MAX_ENCODED_BYTES + " allowed");
        }
        if (length < 1) {
            throw malformed("it is empty");
        }
        int count = bytes[offset] & 0xFF;
        if (count < 1 || count > MAX_CERTIFICATES) {
            throw malformed("it says it has " + count + " certificates, not 1 to " + MAX_CERTIFICATES);
        }
        CertificateFactory factory = factory();
        List<X509Certificate> chain = new ArrayList<>(count);
        int at = offset + 1;
        int end = offset + length;
        for (int i = 0; i < count; i++) {
            if (end - at < 2) {
                throw malformed("it ends before certificate " + (i + 1) + " of " + count);
            }
            int size = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
            at += 2;
            if (size < 1 || size > end - at) {
                throw malformed("certificate " + (i + 1) + " says it takes " + size + " bytes, but " + (end - at)
                    + " are left");
            }
            chain.add(certificate(factory, bytes, at, size, i + 1));
            at += size;
        }
        if (at != end) {
            throw malformed((end - at) + " bytes follow the last certificate");
        }
        return List.copyOf(chain);
    }

    private static X509Certificate certificate(CertificateFactory factory, byte[] bytes, int at, int size, int index)
        throws IdentityException {
        Certificate certificate;
        try {
            certificate = factory.generateCertificate(new ByteArrayInputStream(bytes, at, size));
        } catch (CertificateException | RuntimeException e) {
            // The JDK's parser meets the stranger's bytes first; whatever it throws is this peer's malformed chain.
            throw malformed("certificate " + index + " is not X.509 DER (" + e.getClass().getSimpleName() + ")");
        }
        if (!(certificate instanceof X509Certificate x509) || !isEncodedAs(x509, bytes, at, size)) {
            throw malformed("certificate " + index + " is not exactly one X.509 certificate in DER");
        }
        return x509;
    }

    /** The parser stops at the end of the first DER value and reads PEM too: only an exact round trip is DER. */
    private static boolean isEncodedAs(X509Certificate certificate, byte[] bytes, int at, int size) {
        try {
            byte[] der = certificate.getEncoded();
            return Arrays.equals(der, 0, der.length, bytes, at, at + size);
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            if (der.length > MAX_CERTIFICATE_BYTES) {
                throw new IllegalArgumentException("a certificate of " + der.length + " bytes is too large for a"
                    + " handshake (at most " + MAX_CERTIFICATE_BYTES + ")");
            }
            return der;
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + NodeCertificates.subject(certificate)
                + ": " + e.getMessage(), e);
        }
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
    }

    private static IdentityException malformed(String problem) {
        return new IdentityException(IdentityException.Failure.MALFORMED_CHAIN,
            "the peer's certificate chain is malformed: " + problem);
    }
}
