package io.spore.jmx;

import io.spore.testsupport.AnotherUser;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerFactory;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Another Unix user of the host attacks the connector's RMI registry, which the JDK's registry would let it change:
 * it tries to rebind {@code jmxrmi} to a connector of its own and wait for the next login's password. It runs as user
 * {@code nobody} in its own JVM, from a copy of its classes that user can read; the node's user then logs in.
 */
@Timeout(120)
class RegistryTakeoverTest {
    private static final String PASSWORD = "n0t-f0r-n0b0dy";

    @TempDir
    Path dir;

    @Test
    void anotherUserCannotRebindTheRegistryNorCollectThePassword() throws Exception {
        String why = AnotherUser.whyNot();
        assumeTrue(why == null, () -> "skipped: " + why);
        try (TestConnector jmx = TestConnector.start("takeover@localhost", MBeanServerFactory.newMBeanServer(),
                dir, Map.of("control", PASSWORD + " readwrite"), TestConnector.plain());
             AnotherUser.ReadableCopy classes = AnotherUser.readableCopy(attackerClasses())) {
            List<String> command = new ArrayList<>(AnotherUser.commandPrefix());
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-cp", classes.root().toString(), RegistryAttacker.class.getName(), "127.0.0.1",
                Integer.toString(jmx.port)));
            Process attacker = new ProcessBuilder(command).directory(classes.root().toFile())
                .redirectErrorStream(true).start();
            StringBuffer output = new StringBuffer();
            Thread reader = copy(attacker.getInputStream(), output);
            try {
                Await.until("the attacker's attempts", java.time.Duration.ofSeconds(60),
                    () -> output.toString().contains("ready") || !attacker.isAlive());
                assertTrue(output.toString().contains("rebind refused"), output.toString());
                assertTrue(output.toString().contains("lookup refused"), output.toString());

                try (JMXConnector client = jmx.connect("control", PASSWORD)) {
                    assertEquals("takeover@localhost", client.getMBeanServerConnection().getAttribute(
                        jmx.beans.nodeName(), "Name"), "the node's own user still logs in");
                }
            } finally {
                attacker.getOutputStream().close();
                if (!attacker.waitFor(30, TimeUnit.SECONDS)) {
                    attacker.destroyForcibly();
                }
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertFalse(output.toString().contains(PASSWORD), "the password reached the attacker: " + output);
            assertFalse(output.toString().contains("stolen"), output.toString());
            assertTrue(jmx.connector.refusedConnections() > 0, "the guard refused the attacker's connections");
        }
    }


    /** @return a folder holding the attacker's class files, and nothing of the checkout */
    private Path attackerClasses() throws IOException {
        Path root = Files.createDirectories(dir.resolve("attacker"));
        Path folder = Files.createDirectories(root.resolve("io/spore/jmx"));
        for (String name : List.of("RegistryAttacker", "RegistryAttacker$Trap")) {
            try (InputStream in = RegistryAttacker.class.getResourceAsStream(name + ".class")) {
                Files.copy(in, folder.resolve(name + ".class"));
            }
        }
        return root;
    }

    private static Thread copy(InputStream in, StringBuffer into) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                into.append("(output lost: ").append(e).append(")");
            }
        }, "attacker-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
