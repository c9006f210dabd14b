package io.spore.jmx;

import io.spore.api.host.PrivateFiles;
import io.spore.testsupport.Await;
import io.spore.testsupport.NamespacePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guard on the JMX port turns away other users of the node's host, not other hosts: from another network
 * namespace, a client logs in with a password as before, and the JDK's registry still refuses its rebind.
 */
@Timeout(120)
class OtherHostTest {
    private static final int PORT = 9010;

    @TempDir
    Path dir;

    @Test
    void aClientOnAnotherHostLogsInButCannotRebind() throws Exception {
        StringBuilder whyNot = new StringBuilder();
        try (NamespacePair hosts = NamespacePair.create("jmx", 61, whyNot)) {
            assumeTrue(hosts != null, () -> "skipped: no network namespaces here: " + whyNot);
            Path passwords = TestConnector.privateFile(dir.resolve("jmx.password"), "control s3cret\n");
            Path access = TestConnector.privateFile(dir.resolve("jmx.access"), "control readwrite\n");
            Process server = start(hosts.nsA, ConnectorHost.class, hosts.addressA, Integer.toString(PORT),
                passwords.toString(), access.toString());
            StringBuffer served = read(server);
            try {
                Await.until("the connector listens", Duration.ofSeconds(60),
                    () -> served.toString().contains("listening") || !server.isAlive());
                assertTrue(served.toString().contains("listening"), served.toString());

                Process attacker = start(hosts.nsB, RegistryAttacker.class, hosts.addressA, Integer.toString(PORT));
                StringBuffer attempts = read(attacker);
                Await.until("the rebind attempt", Duration.ofSeconds(60),
                    () -> attempts.toString().contains("ready") || !attacker.isAlive());
                stop(attacker);
                assertTrue(attempts.toString().contains("lookup succeeded"), attempts.toString());
                assertTrue(attempts.toString().contains("rebind refused"), attempts.toString());
                assertTrue(attempts.toString().contains("non-local host"), attempts.toString());

                Process client = start(hosts.nsB, TlsClient.class, "url", hosts.addressA, Integer.toString(PORT),
                    "control", "s3cret");
                StringBuffer login = read(client);
                assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client ended: " + login);
                assertTrue(login.toString().contains("connected: "), login + "\nserver: " + served);
            } finally {
                stop(server);
            }
        }
    }

    /** Runs {@code main} in namespace {@code ns}, in a JVM with this module's classes and the API's. */
    private static Process start(String ns, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(NamespacePair.in(ns));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", location(RemoteConnector.class)
                + java.io.File.pathSeparator + location(PrivateFiles.class) + java.io.File.pathSeparator
                + location(main), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static void stop(Process process) throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static StringBuffer read(Process process) {
        StringBuffer into = new StringBuffer();
        InputStream in = process.getInputStream();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                into.append("(output lost: ").append(e).append(")");
            }
        }, "child-output");
        thread.setDaemon(true);
        thread.start();
        return into;
    }
}
