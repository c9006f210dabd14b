package io.spore.transport.identity;

import io.spore.api.NodeName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keystores made by the real keytool, as an administrator makes them, once per test JVM (keytool takes about a second
 * a run): nodes with self-signed certificates, a CA, nodes it signed, and certificates that must be refused. All share
 * one password, in an owner-only file.
 */
final class TestIdentities {
    static final NodeName A = NodeName.parse("a@alpha");
    static final NodeName B = NodeName.parse("b@beta");
    static final String PASSWORD = "test-store-password";

    private static TestIdentities made;

    final Path dir;
    final Path passwordFile;
    /** a@alpha, Ed25519, self-signed. */
    final Path ed25519;
    /** a@alpha, EC P-256, self-signed. */
    final Path p256;
    /** a@alpha, Ed25519, self-signed, valid for one day ten days ago. */
    final Path expired;
    /** a@alpha, RSA 2048, self-signed. */
    final Path rsa;
    /** b@beta, Ed25519, self-signed, without a spore name. */
    final Path unnamed;
    /** The CA: EC P-256, CA:true. */
    final Path ca;
    /** b@beta, Ed25519, its CA-signed certificate and the CA's in its keystore. */
    final Path signed;
    /** A certificate the CA signed for b@beta's key but a@alpha's name. */
    final X509Certificate signedForOtherName;
    /** A certificate a@alpha's self-signed key (not a CA) signed for b@beta. */
    final X509Certificate signedByNode;

    private TestIdentities(Path dir) {
        this.dir = dir;
        try {
            passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            ed25519 = selfSigned("ed25519.p12", A, "Ed25519");
            p256 = selfSigned("p256.p12", A, "EC", "-groupname", "secp256r1");
            expired = selfSigned("expired.p12", A, "Ed25519", "-startdate", "-10d", "-validity", "1");
            rsa = selfSigned("rsa.p12", A, "RSA", "-keysize", "2048");
            unnamed = keystore("unnamed.p12", "CN=b@beta", "Ed25519");
            ca = keystore("ca.p12", "CN=Spore Test CA", "EC", "-groupname", "secp256r1", "-ext", "BC:critical=ca:true",
                "-ext", "KU:critical=keyCertSign,cRLSign");
            signed = selfSigned("signed.p12", B, "Ed25519");
            Path request = dir.resolve("b.csr");
            keytool("-certreq", "-alias", "spore", "-keystore", signed.toString(), "-file", request.toString());
            Path bCertificate = sign(ca, request, "b-signed.pem", B);
            Path caCertificate = dir.resolve("ca.pem");
            keytool("-exportcert", "-rfc", "-alias", "spore", "-keystore", ca.toString(), "-file",
                caCertificate.toString());
            Path chain = Files.writeString(dir.resolve("b-chain.pem"), Files.readString(bCertificate)
                + Files.readString(caCertificate));
            keytool("-importcert", "-noprompt", "-alias", "spore", "-keystore", signed.toString(), "-file",
                chain.toString());
            signedForOtherName = CertificateFiles.read(sign(ca, request, "b-as-a.pem", A)).get(0);
            signedByNode = CertificateFiles.read(sign(ed25519, request, "b-by-a.pem", B)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the identities, made on first call in a folder deleted when the JVM exits */
    static synchronized TestIdentities get() {
        if (made == null) {
            try {
                Path dir = Files.createTempDirectory("spore-identities-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "spore-identities-cleanup"));
                made = new TestIdentities(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return made;
    }

    /** @return the certificate chain of a keystore's key, loaded without any of NodeIdentity's checks */
    List<X509Certificate> chain(Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate certificate : store.getCertificateChain("spore")) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + keystore, e);
        }
    }

    /** @return the keystore's own certificate */
    X509Certificate certificate(Path keystore) {
        return chain(keystore).get(0);
    }

    /** @return a copy of a keystore in {@code folder}, mode 0600 */
    static Path copy(Path keystore, Path folder) throws IOException {
        Path copy = Files.copy(keystore, folder.resolve(keystore.getFileName()));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        return copy;
    }

    private Path selfSigned(String file, NodeName node, String keyAlgorithm, String... more) {
        List<String> arguments = new ArrayList<>(List.of("-ext", "SAN=uri:spore:" + node));
        arguments.addAll(List.of(more));
        return keystore(file, "CN=" + node, keyAlgorithm, arguments.toArray(String[]::new));
    }

    private Path keystore(String file, String dname, String keyAlgorithm, String... more) {
        Path keystore = dir.resolve(file);
        List<String> arguments = new ArrayList<>(List.of("-genkeypair", "-alias", "spore", "-keyalg", keyAlgorithm,
            "-dname", dname, "-keystore", keystore.toString()));
        if (!List.of(more).contains("-validity")) {
            arguments.addAll(List.of("-validity", "30"));
        }
        arguments.addAll(List.of(more));
        keytool(arguments.toArray(String[]::new));
        try {
            Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keystore;
    }

    /** @return a PEM file of the certificate {@code issuer}'s key signs for the request, for {@code node} */
    private Path sign(Path issuer, Path request, String file, NodeName node) {
        Path out = dir.resolve(file);
        keytool("-gencert", "-rfc", "-alias", "spore", "-keystore", issuer.toString(), "-infile", request.toString(),
            "-outfile", out.toString(), "-ext", "SAN=uri:spore:" + node, "-ext", "KU=digitalSignature",
            "-validity", "20");
        return out;
    }

    private void keytool(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("-storetype", "PKCS12", "-storepass:file", passwordFile.toString()));
        Keytool.run(all, dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }
}
