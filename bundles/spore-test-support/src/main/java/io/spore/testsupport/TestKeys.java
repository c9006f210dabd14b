package io.spore.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A key pair and certificate for {@code localhost} and 127.0.0.1 made by the JDK's own {@code keytool}, as an
 * administrator makes them (the README's commands): the node's PKCS12 keystore, a truststore holding its
 * certificate for clients (JConsole's or jmxterm's {@code -Djavax.net.ssl.trustStore}), and the keystore's password
 * in a file only its owner may read. keytool takes about a second a run, so a test class makes them once.
 *
 * @param keystore     the node's keystore
 * @param truststore   a truststore with the node's certificate
 * @param passwordFile the password of both, on one line, mode 0600
 * @param password     the password itself
 */
public record TestKeys(Path keystore, Path truststore, Path passwordFile, String password) {
    private static final String PASSWORD = "st0re-pass";

    /**
     * @param dir an empty folder of the test's
     * @return the keys, made in {@code dir}
     * @throws IOException when keytool cannot be run or fails (its output is in the message)
     */
    public static TestKeys make(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("node.p12");
        Path truststore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("node.cer");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
            keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "node", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-file",
            certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "node", "-file", certificate.toString(), "-storetype", "PKCS12",
            "-keystore", truststore.toString(), "-storepass", PASSWORD);
        Path passwordFile = Files.writeString(dir.resolve("keystore.password"), PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        return new TestKeys(keystore, truststore, passwordFile, PASSWORD);
    }

    /** @return the JVM options of a client that trusts the node's certificate */
    public List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + truststore, "-Djavax.net.ssl.trustStorePassword=" + password,
            "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
            .toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not end within 60 s: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
