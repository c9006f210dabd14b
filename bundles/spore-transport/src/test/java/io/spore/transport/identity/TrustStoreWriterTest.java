package io.spore.transport.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import static io.spore.transport.identity.TestIdentities.A;
import static io.spore.transport.identity.TestIdentities.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spore identity trust adds what can admit a peer, once, and refuses what never could. */
@Timeout(120)
class TrustStoreWriterTest {
    private static final TestIdentities KEYS = TestIdentities.get();

    @TempDir
    Path home;

    @Test
    void aCaAndAPinnedCertificateAreAddedOnceToAPrivateStore() throws Exception {
        Path store = home.resolve("spore/trust.p12");
        Path passwordFile = home.resolve("spore/identity.password");
        X509Certificate ca = KEYS.certificate(KEYS.ca);
        X509Certificate pinned = KEYS.certificate(KEYS.ed25519);

        List<TrustStoreWriter.Trusted> first = TrustStoreWriter.add(store, passwordFile, List.of(ca, pinned));
        assertTrue(first.get(0).authority() && first.get(0).added());
        assertTrue(!first.get(1).authority() && first.get(1).added());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));

        List<TrustStoreWriter.Trusted> again = TrustStoreWriter.add(store, passwordFile, List.of(pinned));
        assertFalse(again.get(0).added(), "already there");
        TrustedPeers trusted = TrustedPeers.load(store, passwordFile);
        assertEquals(1, trusted.authorities());
        assertEquals(1, trusted.pins());
        assertEquals(A, trusted.verify(List.of(pinned), A).node());
        assertEquals(B, trusted.verify(KEYS.chain(KEYS.signed), B).node());
    }

    @Test
    void certificatesThatCouldAdmitNoOneAreRefused() {
        Path store = home.resolve("trust.p12");
        NodeIdentityTest.assertRefused(() -> TrustStoreWriter.add(store, KEYS.passwordFile,
            List.of(KEYS.certificate(KEYS.unnamed))), "neither a CA", "spore:NAME@HOST");
        NodeIdentityTest.assertRefused(() -> TrustStoreWriter.add(store, KEYS.passwordFile,
            List.of(KEYS.certificate(KEYS.expired))), "expired on");
        NodeIdentityTest.assertRefused(() -> TrustStoreWriter.add(store, KEYS.passwordFile,
            List.of(KEYS.certificate(KEYS.ca), KEYS.certificate(KEYS.rsa))), "RSA 2048-bit");
        assertFalse(Files.exists(store), "nothing is added when one is refused");
    }
}
