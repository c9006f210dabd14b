package io.spore.jmx;

import io.spore.testsupport.FreePorts;
import io.spore.testsupport.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector over TLS, with a keystore made by the JDK's keytool: a client JVM that trusts the node's certificate
 * connects, as JConsole started with {@code -J-Djavax.net.ssl.trustStore} would; one that does not, fails.
 */
@Timeout(180)
class TlsConnectorTest {
    private static String storePassword;

    @TempDir
    static Path keys;
    @TempDir
    Path dir;

    private static Path keystore;
    private static Path truststore;
    private static Path passwordFile;

    /** keytool takes a second a run: the keys are made once for the class. */
    @BeforeAll
    static void keys() throws Exception {
        TestKeys made = TestKeys.make(keys);
        keystore = made.keystore();
        truststore = made.truststore();
        passwordFile = made.passwordFile();
        storePassword = made.password();
    }

    @Test
    void aClientThatTrustsTheNodeConnectsAndOneThatDoesNotFails() throws Exception {
        try (TestConnector jmx = TestConnector.start("tls@localhost", MBeanServerFactory.newMBeanServer(), dir,
                Map.of("control", "c readwrite"), (port, passwords, access) -> new JmxSettings(port, port,
                    "127.0.0.1", passwords, access, null,
                    new TlsSettings(true, keystore, "PKCS12", passwordFile, null)))) {
            String trusting = client("registry-tls", jmx.port, "-Djavax.net.ssl.trustStore=" + truststore,
                "-Djavax.net.ssl.trustStorePassword=" + storePassword);
            assertTrue(trusting.startsWith("connected: "), trusting);
            String distrusting = client("registry-tls", jmx.port);
            assertTrue(distrusting.startsWith("failed: "), distrusting);
            assertTrue(distrusting.contains("SSL") || distrusting.contains("certificat"), distrusting);
            // A plain client, which does not speak TLS, gets nothing either.
            assertThrows(IOException.class, () -> jmx.connect("control", "c").close());
        }
    }

    @Test
    void withAPlainRegistryAClientOfTheUrlConnectsOverTls() throws Exception {
        int rmiPort = FreePorts.tcp();
        try (TestConnector jmx = TestConnector.start("tls-url@localhost", MBeanServerFactory.newMBeanServer(), dir,
                Map.of("control", "c readwrite"), (port, passwords, access) -> new JmxSettings(port, rmiPort,
                    "127.0.0.1", passwords, access, null,
                    new TlsSettings(false, keystore, "PKCS12", passwordFile, null)))) {
            String trusting = client("url", jmx.port, "-Djavax.net.ssl.trustStore=" + truststore,
                "-Djavax.net.ssl.trustStorePassword=" + storePassword);
            assertTrue(trusting.startsWith("connected: "), trusting);
            assertThrows(IOException.class, () -> jmx.connect("control", "c").close(), "no trust, no connection");
        }
    }

    @Test
    void aWrongKeystorePasswordOrALooseOneIsRefusedAtStart() throws Exception {
        Path passwordFile = TestConnector.privateFile(dir.resolve("loose.password"), storePassword + "\n");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
            () -> new TlsSettings(true, keystore, "PKCS12", null, "not-it").context());
        assertTrue(wrong.getMessage().contains(keystore.toString()), wrong.getMessage());
        java.nio.file.Files.setPosixFilePermissions(passwordFile,
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException loose = assertThrows(IllegalArgumentException.class,
            () -> new TlsSettings(true, keystore, "PKCS12", passwordFile, null).context());
        assertTrue(loose.getMessage().contains("chmod 600 " + passwordFile), loose.getMessage());
    }

    /** @return what {@link TlsClient} printed from its verdict on, run in a JVM of its own with {@code options} */
    private static String client(String how, int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", Path.of(TlsClient.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI()).toString(), TlsClient.class.getName(), how, "127.0.0.1", Integer.toString(port), "control", "c"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the client ended");
        int start = Math.max(output.indexOf("connected: "), output.indexOf("failed: "));
        return start < 0 ? output : output.substring(start).strip();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
