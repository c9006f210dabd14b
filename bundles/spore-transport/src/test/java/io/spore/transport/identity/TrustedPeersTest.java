package io.spore.transport.identity;

import io.spore.transport.identity.IdentityException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.spore.transport.identity.TestIdentities.A;
import static io.spore.transport.identity.TestIdentities.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer's chain proves the name it claimed only when pinned or issued by a trusted CA, valid, and for that name. */
@Timeout(120)
class TrustedPeersTest {
    private static final TestIdentities KEYS = TestIdentities.get();

    @TempDir
    Path dir;

    private final X509Certificate caCertificate = KEYS.certificate(KEYS.ca);
    private final List<X509Certificate> signedChain = KEYS.chain(KEYS.signed);
    private final X509Certificate pinnedA = KEYS.certificate(KEYS.ed25519);

    @Test
    void aPinnedCertificateProvesItsName() throws Exception {
        VerifiedPeer peer = TrustedPeers.of(List.of(pinnedA), false).verify(List.of(pinnedA), A);
        assertEquals(A, peer.node());
        assertEquals("CN=a@alpha", peer.subject());
        assertEquals(NodeCertificates.fingerprint(pinnedA), peer.fingerprint());
        assertEquals(KeyAlgorithm.ED25519, peer.keyAlgorithm());
    }

    @Test
    void aChainToATrustedCaProvesItsName() throws Exception {
        TrustedPeers trusted = TrustedPeers.of(List.of(caCertificate), false);
        assertEquals(B, trusted.verify(signedChain, B).node());
        assertEquals(B, trusted.verify(signedChain.subList(0, 1), B).node(), "the root may be left out");
        assertEquals(1, trusted.authorities());
        assertEquals(0, trusted.pins());
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() {
        assertFailure(Failure.WRONG_NAME, () -> TrustedPeers.of(List.of(pinnedA), false).verify(List.of(pinnedA), B),
            "node b@beta sent a trusted certificate for a@alpha");
        assertFailure(Failure.WRONG_NAME, () -> TrustedPeers.of(List.of(caCertificate), false)
            .verify(signedChain, A), "may not use that name");
        assertFailure(Failure.WRONG_NAME, () -> TrustedPeers.of(List.of(caCertificate), false)
            .verify(List.of(KEYS.signedForOtherName, caCertificate), B), "for a@alpha");
    }

    @Test
    void aCertificateNeitherPinnedNorIssuedByATrustedCaIsRefused() {
        assertFailure(Failure.UNTRUSTED, () -> TrustedPeers.of(List.of(caCertificate), false)
            .verify(List.of(pinnedA), A), "does not trust", "spore identity trust");
        assertFailure(Failure.UNTRUSTED, () -> TrustedPeers.of(List.of(pinnedA), false)
            .verify(signedChain, B), "the trust store holds no CA");
    }

    /** Pinning a node's certificate trusts that certificate, never what its key signs. */
    @Test
    void aPinnedNodeCannotVouchForAnotherName() {
        assertFalse(NodeCertificates.isAuthority(pinnedA));
        assertFailure(Failure.UNTRUSTED, () -> TrustedPeers.of(List.of(pinnedA, caCertificate), false)
            .verify(List.of(KEYS.signedByNode, pinnedA), B));
    }

    @Test
    void certificatesOutsideTheirValidityAreRefused() {
        X509Certificate expired = KEYS.certificate(KEYS.expired);
        assertFailure(Failure.EXPIRED, () -> TrustedPeers.of(List.of(expired), false).verify(List.of(expired), A),
            "expired on");
        TrustedPeers byCa = TrustedPeers.of(List.of(caCertificate), false);
        Instant later = signedChain.get(0).getNotAfter().toInstant().plus(Duration.ofDays(1));
        assertFailure(Failure.EXPIRED, () -> byCa.verify(signedChain, B, later));
        Instant earlier = signedChain.get(0).getNotBefore().toInstant().minus(Duration.ofDays(1));
        assertFailure(Failure.NOT_YET_VALID, () -> byCa.verify(signedChain, B, earlier), "check the clocks");
        assertFailure(Failure.NOT_YET_VALID, () -> TrustedPeers.of(List.of(pinnedA), false)
            .verify(List.of(pinnedA), A, pinnedA.getNotBefore().toInstant().minusSeconds(60)));
    }

    @Test
    void aKeySporeDoesNotAcceptIsRefused() {
        X509Certificate rsa = KEYS.certificate(KEYS.rsa);
        assertFailure(Failure.UNSUPPORTED_KEY, () -> TrustedPeers.of(List.of(rsa), false).verify(List.of(rsa), A),
            "RSA 2048-bit");
    }

    @Test
    void anEmptyChainIsMalformed() {
        assertFailure(Failure.MALFORMED_CHAIN, () -> TrustedPeers.of(List.of(pinnedA), false).verify(List.of(), A));
    }

    /** With revocation on and no OCSP or CRL to ask, a CA-issued certificate is refused: fail closed. */
    @Test
    void revocationCheckingFailsClosed() throws Exception {
        assertFailure(Failure.UNTRUSTED, () -> TrustedPeers.of(List.of(caCertificate), true).verify(signedChain, B));
        assertEquals(A, TrustedPeers.of(List.of(pinnedA), true).verify(List.of(pinnedA), A).node(),
            "a pinned certificate is revoked by removing it");
    }

    @Test
    void aTrustStoreLoadsFromItsFile() throws Exception {
        Path store = dir.resolve("trust.p12");
        TrustStoreWriter.add(store, KEYS.passwordFile, List.of(caCertificate, pinnedA));
        TrustedPeers trusted = TrustedPeers.load(store, KEYS.passwordFile);
        assertEquals(1, trusted.authorities());
        assertEquals(1, trusted.pins());
        assertEquals(B, trusted.verify(signedChain, B).node());
        assertEquals(A, trusted.verify(List.of(pinnedA), A).node());

        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-rw-r--"));
        NodeIdentityTest.assertRefused(() -> TrustedPeers.load(store, KEYS.passwordFile), "trust store " + store,
            "chmod 600");
        NodeIdentityTest.assertRefused(() -> TrustedPeers.load(KEYS.ed25519, KEYS.passwordFile),
            "holds no trusted certificate");
    }

    /** A stranger's subject lands in the log: it stays one line. */
    @Test
    void messagesAboutAStrangersCertificateStayOneLine() {
        assertEquals("a?b", NodeCertificates.printable("a\nb"));
        assertEquals(203, NodeCertificates.printable("x".repeat(1000)).length());
    }

    static IdentityException assertFailure(Failure failure, Executable verify, String... expected) {
        IdentityException refused = assertThrows(IdentityException.class, verify);
        assertEquals(failure, refused.failure(), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
        for (String part : expected) {
            assertTrue(refused.getMessage().contains(part), "missing '" + part + "' in: " + refused.getMessage());
        }
        return refused;
    }
}
