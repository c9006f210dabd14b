package io.spore.transport.identity;

import io.spore.api.SporeException;
import io.spore.api.host.PrivateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;

import static io.spore.transport.identity.TestIdentities.A;
import static io.spore.transport.identity.TestIdentities.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A node's own identity is checked at start, and every way it can be wrong is one line that says what to do. */
@Timeout(120)
class NodeIdentityTest {
    private static final TestIdentities KEYS = TestIdentities.get();

    @TempDir
    Path dir;

    @Test
    void anEd25519IdentityForThisNodeLoads() {
        NodeIdentity identity = NodeIdentity.load(KEYS.ed25519, KEYS.passwordFile, A);
        assertEquals(A, identity.node());
        assertEquals(KeyAlgorithm.ED25519, identity.keyAlgorithm());
        assertEquals(1, identity.chain().size());
        assertEquals(NodeCertificates.fingerprint(KEYS.certificate(KEYS.ed25519)), identity.fingerprint());
        assertTrue(identity.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), identity.fingerprint());
        assertFalse(identity.toString().contains("PRIVATE"), identity.toString());
    }

    @Test
    void anEcP256IdentityLoadsToo() {
        assertEquals(KeyAlgorithm.EC_P256, NodeIdentity.load(KEYS.p256, KEYS.passwordFile, A).keyAlgorithm());
    }

    @Test
    void aCaSignedIdentityCarriesItsChain() throws Exception {
        NodeIdentity identity = NodeIdentity.load(KEYS.signed, KEYS.passwordFile, B);
        assertEquals(2, identity.chain().size());
        assertEquals(identity.chain(), CertificateChainCodec.decode(identity.encodedChain()));
    }

    @Test
    void aCertificateForAnotherNodeIsRefused() {
        assertRefused(() -> NodeIdentity.load(KEYS.ed25519, KEYS.passwordFile, B),
            "has a certificate for a@alpha, not for this node b@beta", "spore identity create b@beta");
        assertRefused(() -> NodeIdentity.load(KEYS.unnamed, KEYS.passwordFile, B),
            "no URI subject alternative name spore:NAME@HOST");
    }

    @Test
    void anExpiredCertificateIsRefused() {
        assertRefused(() -> NodeIdentity.load(KEYS.expired, KEYS.passwordFile, A), "its certificate expired on ");
    }

    @Test
    void aCertificateNotValidYetIsRefused() {
        java.time.Instant before = KEYS.certificate(KEYS.ed25519).getNotBefore().toInstant()
            .minus(Duration.ofDays(1));
        assertRefused(() -> NodeIdentity.load(KEYS.ed25519, KEYS.passwordFile, A, before), "is valid only from",
            "clock");
    }

    @Test
    void aKeySporeDoesNotAcceptIsRefused() {
        assertRefused(() -> NodeIdentity.load(KEYS.rsa, KEYS.passwordFile, A), "has a RSA 2048-bit key",
            "Ed25519 (preferred) or EC P-256");
    }

    @Test
    void theWrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        Path wrong = ownerOnly(Files.writeString(dir.resolve("wrong"), "not-the-password\n"));
        String message = assertRefused(() -> NodeIdentity.load(KEYS.ed25519, wrong, A), "wrong password");
        assertFalse(message.contains("not-the-password"), message);
        Path empty = ownerOnly(Files.writeString(dir.resolve("empty"), "\n"));
        assertRefused(() -> NodeIdentity.load(KEYS.ed25519, empty, A), "is empty");
    }

    @Test
    void missingAndDamagedFilesAreRefused() throws Exception {
        assertRefused(() -> NodeIdentity.load(dir.resolve("none.p12"), KEYS.passwordFile, A), "does not exist");
        assertRefused(() -> NodeIdentity.load(KEYS.ed25519, dir.resolve("none"), A), "identity password file",
            "does not exist");
        assertRefused(() -> NodeIdentity.load(dir, KEYS.passwordFile, A), "is not a regular file");
        Path garbage = ownerOnly(Files.writeString(dir.resolve("garbage.p12"), "not a keystore"));
        assertRefused(() -> NodeIdentity.load(garbage, KEYS.passwordFile, A), "is not a PKCS#12 keystore");
    }

    @Test
    void aStoreWithoutAKeyIsRefused() throws Exception {
        Path trust = dir.resolve("trust.p12");
        TrustStoreWriter.add(trust, KEYS.passwordFile, java.util.List.of(KEYS.certificate(KEYS.ed25519)));
        assertRefused(() -> NodeIdentity.load(trust, KEYS.passwordFile, A), "holds no private key");
    }

    @Test
    void aKeyWhoseCertificateWasSwappedIsRefused() throws Exception {
        KeyStore other = read(KEYS.signed);
        Certificate[] foreign = {KEYS.certificate(KEYS.ed25519)};
        // a@alpha's certificate with b@beta's key: both Ed25519, so only the signature probe tells.
        PrivateKey otherKey = (PrivateKey) other.getKey("spore", TestIdentities.PASSWORD.toCharArray());
        KeyStore swapped = KeyStore.getInstance("PKCS12");
        swapped.load(null, null);
        swapped.setKeyEntry("spore", otherKey, TestIdentities.PASSWORD.toCharArray(), foreign);
        Path file = dir.resolve("swapped.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            swapped.store(out, TestIdentities.PASSWORD.toCharArray());
        }
        ownerOnly(file);
        assertRefused(() -> NodeIdentity.load(file, KEYS.passwordFile, A), "does not belong to its certificate");
    }

    @Test
    void filesOthersMayReadOrWriteAreRefused() throws Exception {
        Path keystore = TestIdentities.copy(KEYS.ed25519, dir);
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r--r--"));
        assertRefused(() -> NodeIdentity.load(keystore, KEYS.passwordFile, A), "identity keystore " + keystore,
            "chmod 600 " + keystore);
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        Path password = Files.copy(KEYS.passwordFile, dir.resolve("password"));
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw--w----"));
        assertRefused(() -> NodeIdentity.load(keystore, password, A), "identity password file " + password,
            "chmod 600");
    }

    /** Only root can give a file away; the check itself is the same for every user. */
    @Test
    void aKeystoreOfAnotherUserIsRefused() throws Exception {
        assumeTrue(Integer.valueOf(0).equals(PrivateFiles.uid(Path.of("/proc/self"))), "needs root to chown");
        Path keystore = TestIdentities.copy(KEYS.ed25519, dir);
        UserPrincipal nobody = keystore.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName(io.spore.testsupport.AnotherUser.NAME);
        Files.setOwner(keystore, nobody);
        assertRefused(() -> NodeIdentity.load(keystore, KEYS.passwordFile, A), "belongs to another user");
    }

    private static KeyStore read(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestIdentities.PASSWORD.toCharArray());
        }
        return store;
    }

    private static Path ownerOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static String assertRefused(Executable load, String... expected) {
        SporeException refused = assertThrows(SporeException.class, load);
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, refused.reason());
        String message = refused.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String part : expected) {
            assertTrue(message.contains(part), "missing '" + part + "' in: " + message);
        }
        return message;
    }
}
