package io.spore.transport.identity;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys a node identity may have, and how each signs. Ed25519 is preferred: small, fast, deterministic, with no
 * parameters to get wrong. EC P-256 is accepted because many CAs (and hardware keys) issue nothing else. Both give
 * signatures of exactly {@value TranscriptSignature#SIGNATURE_BYTES} bytes (ECDSA in its IEEE P1363 form, r then s),
 * so the handshake carries one fixed size and never parses a DER signature from a stranger. RSA and other curves are
 * refused: they would add sizes and code paths for no user who needs them.
 */
public enum KeyAlgorithm {
    /** EdDSA over Curve25519 (RFC 8032). */
    ED25519("Ed25519", "Ed25519"),
    /** ECDSA over NIST P-256 (secp256r1) with SHA-256. */
    EC_P256("EC P-256", "SHA256withECDSAinP1363Format");

    private static final String P256_OID = "1.2.840.10045.3.1.7";

    private final String displayName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String displayName, String signatureAlgorithm) {
        this.displayName = displayName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * @param key a certificate's public key
     * @return its algorithm, or empty when Spore does not accept that kind of key
     */
    public static Optional<KeyAlgorithm> of(PublicKey key) {
        if (key instanceof EdECPublicKey edwards) {
            return "Ed25519".equalsIgnoreCase(edwards.getParams().getName()) ? Optional.of(ED25519) : Optional.empty();
        }
        if (key instanceof ECPublicKey ec && isP256(ec)) {
            return Optional.of(EC_P256);
        }
        return Optional.empty();
    }

    /**
     * @param key a certificate's public key
     * @return what it is, for a message: "RSA 2048-bit", "EC secp384r1", "Ed448"
     */
    public static String describe(PublicKey key) {
        if (key instanceof EdECPublicKey edwards) {
            return edwards.getParams().getName();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + curveName(ec).orElse("of an unnamed curve");
        }
        if (key instanceof java.security.interfaces.RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + "-bit";
        }
        return key.getAlgorithm();
    }

    /** @return the name users know it by, as {@code spore identity show} prints it */
    public String displayName() {
        return displayName;
    }

    /** @return the JDK's {@link java.security.Signature} algorithm that signs with such a key */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * @param text {@code ed25519} or {@code ec}, in any case, as {@code --key-alg} takes it
     * @return the algorithm
     * @throws IllegalArgumentException when the text names neither
     */
    public static KeyAlgorithm parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "ed25519" -> ED25519;
            case "ec", "p-256", "p256", "secp256r1" -> EC_P256;
            default -> throw new IllegalArgumentException("'" + text + "' is not a key algorithm Spore accepts: use"
                + " ed25519 (preferred) or ec (P-256)");
        };
    }

    private static boolean isP256(ECPublicKey key) {
        return curveName(key).filter("secp256r1"::equals).isPresent();
    }

    /** The JDK names a known curve by its OID; an unknown one fails to convert, and is then no curve we accept. */
    private static Optional<String> curveName(ECPublicKey key) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(key.getParams());
            String name = parameters.getParameterSpec(ECGenParameterSpec.class).getName();
            return Optional.of(name.equals(P256_OID) ? "secp256r1" : name);
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
