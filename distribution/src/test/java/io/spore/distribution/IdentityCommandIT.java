package io.spore.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code spore identity} as a user meets it, through {@code bin/spore} with a home of its own: a self-signed identity
 * made, shown and pinned by a peer; a CA-signed one made from a request, signed and imported with keytool as the
 * README says, shown and trusted through its CA; and one-line refusals.
 */
@Timeout(300)
class IdentityCommandIT {
    private static final Duration QUICK = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aSelfSignedIdentityIsMadeShownAndPinned() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path spore = home.resolve(".spore");
        Path keystore = spore.resolve("nodes/a@localhost/identity.p12");

        SporeRun created = run(home, "identity", "create", "a@localhost");
        assertEquals(0, created.status(), created.output());
        X509Certificate certificate = certificate(created.output());
        assertEquals("CN=a@localhost", certificate.getSubjectX500Principal().getName());
        assertTrue(created.output().contains("keystore " + keystore + " (mode 0600)"), created.output());
        for (Path secret : List.of(keystore, spore.resolve("identity.password"))) {
            assertEquals("rw-------", mode(secret), secret.toString());
        }
        assertEquals("rwx------", mode(keystore.getParent()));

        SporeRun shown = run(home, "identity", "show", "a@localhost");
        assertEquals(0, shown.status(), shown.output());
        for (String line : List.of("node names   a@localhost", "issuer       CN=a@localhost (self-signed)",
            "key          Ed25519", "chain        1 certificate", "usable       by node a@localhost")) {
            assertTrue(shown.output().contains(line), "missing '" + line + "' in:\n" + shown.output());
        }

        Path pem = Files.writeString(tmp.resolve("a.pem"), pem(created.output()));
        SporeRun trusted = run(home, "identity", "trust", pem.toString());
        assertEquals(0, trusted.status(), trusted.output());
        assertTrue(trusted.output().contains("trusted pinned CN=a@localhost, for a@localhost"), trusted.output());
        assertEquals("rw-------", mode(spore.resolve("trust.p12")));
        SporeRun again = run(home, "identity", "trust", pem.toString());
        assertTrue(again.output().contains("already trusted: pinned CN=a@localhost"), again.output());
        SporeRun store = run(home, "identity", "show", "--truststore");
        assertEquals(0, store.status(), store.output());
        assertTrue(store.output().contains("pinned       CN=a@localhost, for a@localhost"), store.output());

        SporeRun twice = run(home, "identity", "create", "a@localhost");
        assertEquals(1, twice.status(), twice.output());
        assertOneLine(twice.output(), "spore identity create: identity keystore " + keystore + " exists already");
        SporeRun otherName = run(home, "identity", "show", "b@localhost", "--keystore", keystore.toString());
        assertEquals(1, otherName.status(), otherName.output());
        assertTrue(otherName.output().contains("refused      identity keystore " + keystore
            + " has a certificate for a@localhost, not for this node b@localhost"), otherName.output());
        SporeRun badName = run(home, "identity", "create", "bad_name");
        assertEquals(2, badName.status(), badName.output());
        assertOneLine(badName.output(), "spore identity create: ");
    }

    @Test
    void aCaSignedIdentityIsMadeFromARequestAndTrustedThroughItsCa() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path keystore = tmp.resolve("b.p12");
        Path request = tmp.resolve("b.csr");
        Path passwordFile = home.resolve(".spore/identity.password");

        SporeRun requested = run(home, "identity", "create", "b@localhost", "--keystore", keystore.toString(),
            "--csr", request.toString(), "--key-alg", "ec", "--days", "30");
        assertEquals(0, requested.status(), requested.output());
        assertTrue(requested.output().contains("wrote certificate request " + request), requested.output());
        assertTrue(!requested.output().contains("BEGIN CERTIFICATE"), "no certificate to pin: " + requested.output());

        // The CA's side and the import, with keytool as the README tells an administrator.
        Path ca = tmp.resolve("ca.p12");
        Path caPem = tmp.resolve("ca.pem");
        Path signed = tmp.resolve("b.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
            "-ext", "BC:critical=ca:true", "-ext", "KU:critical=keyCertSign", "-validity", "30", "-keystore",
            ca.toString(), "-storetype", "PKCS12", "-storepass:file", passwordFile.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass:file",
            passwordFile.toString(), "-file", caPem.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass:file",
            passwordFile.toString(), "-infile", request.toString(), "-outfile", signed.toString(), "-ext",
            "SAN=uri:spore:b@localhost", "-validity", "20");
        Path chain = Files.writeString(tmp.resolve("chain.pem"), Files.readString(signed) + Files.readString(caPem));
        keytool("-importcert", "-noprompt", "-alias", "spore", "-keystore", keystore.toString(), "-storepass:file",
            passwordFile.toString(), "-file", chain.toString());

        SporeRun shown = run(home, "identity", "show", "--keystore", keystore.toString());
        assertEquals(0, shown.status(), shown.output());
        for (String line : List.of("issuer       CN=Test CA", "key          EC P-256", "chain        2 certificates",
            "usable       by node b@localhost")) {
            assertTrue(shown.output().contains(line), "missing '" + line + "' in:\n" + shown.output());
        }
        SporeRun trusted = run(home, "identity", "trust", caPem.toString());
        assertEquals(0, trusted.status(), trusted.output());
        assertTrue(trusted.output().contains("trusted CA CN=Test CA"), trusted.output());

        SporeRun notACa = run(home, "identity", "trust", request.toString());
        assertEquals(1, notACa.status(), notACa.output());
        assertOneLine(notACa.output(), "spore identity trust: certificate file " + request);
    }

    private static SporeRun run(Path home, String... args) throws IOException, InterruptedException {
        try (SporeProcess process = SporeProcess.startWithHome(home, home, args)) {
            process.closeInput();
            int status = process.awaitExit(QUICK);
            return new SporeRun(status, process.output());
        }
    }

    private static String pem(String output) {
        int begin = output.indexOf("-----BEGIN CERTIFICATE-----");
        int end = output.indexOf("-----END CERTIFICATE-----");
        if (begin < 0 || end < begin) {
            fail("no PEM certificate in:\n" + output);
        }
        return output.substring(begin, end + "-----END CERTIFICATE-----".length()) + "\n";
    }

    private static X509Certificate certificate(String output) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
            new ByteArrayInputStream(pem(output).getBytes(StandardCharsets.US_ASCII)));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void assertOneLine(String output, String start) {
        String text = output.strip();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith(start), "expected '" + start + "...' but got: " + text);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
            .toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("keytool " + arguments[0] + " failed: " + output);
        }
    }
}
