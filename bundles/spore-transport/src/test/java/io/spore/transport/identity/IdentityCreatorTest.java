package io.spore.transport.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.spore.transport.identity.TestIdentities.A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spore identity create's files: owner-only from the first byte, for the node's name, never over another's. */
@Timeout(120)
class IdentityCreatorTest {
    @TempDir
    Path home;

    @Test
    void aNewIdentityIsPrivateAndLoadsAsANodeLoadsIt() throws Exception {
        Path keystore = home.resolve("nodes/a@alpha/identity.p12");
        Path passwordFile = home.resolve("identity.password");
        NodeIdentity made = IdentityCreator.create(A, keystore, passwordFile, KeyAlgorithm.ED25519, 30, null);

        assertEquals("rw-------", mode(keystore));
        assertEquals("rw-------", mode(passwordFile));
        assertEquals("rwx------", mode(keystore.getParent()));
        assertEquals(44, Files.readString(passwordFile).length(), "32 random bytes in base64url and a line end");
        try (Stream<Path> left = Files.list(keystore.getParent())) {
            assertEquals(List.of(keystore), left.toList(), "nothing but the keystore is left beside it");
        }

        NodeIdentity loaded = NodeIdentity.load(keystore, passwordFile, A);
        assertEquals(made.fingerprint(), loaded.fingerprint());
        X509Certificate certificate = loaded.certificate();
        assertEquals("CN=a@alpha", certificate.getSubjectX500Principal().getName());
        assertEquals(List.of("a@alpha"), NodeCertificates.nodeNames(certificate));
        assertFalse(NodeCertificates.isAuthority(certificate), "a node's certificate is no CA");
        assertTrue(certificate.getKeyUsage()[0], "digitalSignature");
        Instant expires = certificate.getNotAfter().toInstant();
        assertTrue(Duration.between(Instant.now(), expires).toDays() >= 29, expires.toString());

        NodeIdentityTest.assertRefused(() -> IdentityCreator.create(A, keystore, passwordFile, KeyAlgorithm.ED25519,
            30, null), "exists already");
        assertEquals(made.fingerprint(), NodeIdentity.load(keystore, passwordFile, A).fingerprint(), "kept");
    }

    @Test
    void anEcIdentityWithARequestForACa() throws Exception {
        Path passwordFile = Files.writeString(home.resolve("password"), "my-own-password\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path request = home.resolve("a.csr");
        NodeIdentity made = IdentityCreator.create(A, home.resolve("a.p12"), passwordFile, KeyAlgorithm.EC_P256,
            10, request);
        assertEquals(KeyAlgorithm.EC_P256, made.keyAlgorithm());
        String text = Files.readString(request);
        assertTrue(text.startsWith("-----BEGIN NEW CERTIFICATE REQUEST-----"), text);
        assertEquals("my-own-password\n", Files.readString(passwordFile), "a given password file is kept");
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsMade() throws Exception {
        Path passwordFile = home.resolve("identity.password");
        NodeIdentityTest.assertRefused(() -> IdentityCreator.create(A, home.resolve("a.p12"), passwordFile,
            KeyAlgorithm.ED25519, 0, null), "1 to 3650 days");
        Path taken = Files.writeString(home.resolve("taken.csr"), "x");
        NodeIdentityTest.assertRefused(() -> IdentityCreator.create(A, home.resolve("a.p12"), passwordFile,
            KeyAlgorithm.ED25519, 1, taken), "exists already");
        Path loose = Files.writeString(home.resolve("loose"), "password-of-a-group\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r-----"));
        NodeIdentityTest.assertRefused(() -> IdentityCreator.create(A, home.resolve("a.p12"), loose,
            KeyAlgorithm.ED25519, 1, null), "chmod 600");
        assertFalse(Files.exists(home.resolve("a.p12")));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
