package io.spore.distribution;

import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Administering a real node JVM over its remote JMX connector ({@code spore node --jmx-port}) from this JVM, with
 * the JDK's own JMX client: toggling an access list decides whether another node may spawn (a node {@code a} whose
 * spawner process asks, or a {@code spore spawn} client node; each its own JVM, over Aeron); every change and
 * refusal arrives as a notification; passwords and access levels are enforced; and the changes outlive a restart
 * and a redeploy.
 */
@Timeout(240)
class JmxAdministrationIT {
    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final String TARGET = "target@localhost";
    private static final String[] NONE = new String[0];

    @TempDir
    Path tmp;

    private Cluster cluster;
    private Path state;
    private final ObjectName access = JmxClient.name("SpawnAccess", TARGET);
    private final ObjectName node = JmxClient.name("Node", TARGET);

    @BeforeEach
    void cluster() throws Exception {
        cluster = new Cluster(tmp);
        state = tmp.resolve("target-state");
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    private ClusterNode startTarget(int jmxPort) throws Exception {
        return cluster.start(TARGET, "--jmx-port", Integer.toString(jmxPort), "--state-dir", state.toString())
            .awaitUp();
    }

    private JmxClient control(int port) throws Exception {
        return JmxClient.connect(port, "controlRole", JmxClient.password(state, "controlRole"));
    }

    /** Runs {@code spore spawn --node target@localhost echo} as a client node; @return its exit status and output. */
    private SporeProcess spawnFromAnotherNode() throws Exception {
        return cluster.client(CLIENT, "spawn", "--node", TARGET, "echo");
    }

    @Test
    void anAccessListToggledOverJmxDeniesThenAllowsASpawnFromAnotherNode() throws Exception {
        int port = FreePorts.tcp();
        startTarget(port);
        try (JmxClient jmx = control(port).listen(access).listen(node)) {
            jmx.invoke(access, "enableSpawn", "echo", "someone@localhost");
            assertEquals("listed: someone@localhost", jmx.invoke(access, "describe", "echo"));

            SporeProcess denied = spawnFromAnotherNode();
            assertEquals(1, denied.awaitExit(CLIENT), denied.output());
            assertTrue(denied.output().contains("NOT_ALLOWED"), denied.output());
            Notification refusal = jmx.await("of the refused spawn", n -> n.getType().equals("io.spore.spawn.denied"));
            CompositeData who = (CompositeData) refusal.getUserData();
            assertEquals("echo", who.get("factory"));
            assertTrue(((String) who.get("requester")).startsWith("client-"), who.toString());

            // Removing the last listed node opens the name to every node, loudly.
            jmx.invoke(access, "disableSpawn", "echo", "someone@localhost");
            jmx.await("that echo is open to all", n -> n.getType().equals("io.spore.spawn.opened-to-all")
                && "echo".equals(n.getUserData()));
            SporeProcess allowed = spawnFromAnotherNode();
            assertEquals(0, allowed.awaitExit(CLIENT), allowed.output());
            assertTrue(allowed.output().contains("<" + TARGET + "."), allowed.output());

            // The target counts a spawn just after answering it: poll.
            CompositeData[] echo = {null};
            assertTrue(Await.until(Duration.ofSeconds(30), () -> {
                try {
                    echo[0] = ((TabularData) jmx.get(access, "Factories")).get(new Object[] {"echo"});
                    return Long.valueOf(1).equals(echo[0].get("spawned"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }), "echo spawned once: " + echo[0]);
            assertEquals(1L, echo[0].get("denied"));
            assertEquals(true, echo[0].get("openToAll"));
            assertTrue((Long) jmx.get(node, "SpawnsIn") >= 2);
            assertTrue((Long) jmx.get(node, "BytesIn") > 0);
            jmx.await("of the client node coming up", n -> n.getType().equals("io.spore.node.up")
                && String.valueOf(n.getUserData()).startsWith("client-"));
            jmx.await("of the client node going down", n -> n.getType().equals("io.spore.node.down"));
            assertEquals(2, jmx.heard(AttributeChangeNotification.ATTRIBUTE_CHANGE).size(),
                "the two changes, and nothing else: " + jmx.heard(AttributeChangeNotification.ATTRIBUTE_CHANGE));
        }
    }

    @Test
    void listingAndUnlistingANamedNodeOverJmxAllowsAndDeniesItsSpawns() throws Exception {
        int port = FreePorts.tcp();
        Path spawnJar = TestBundleJar.buildSpawn(Files.createDirectories(tmp.resolve("jars")).resolve("spawn.jar"));
        ClusterNode target = cluster.start(TARGET, "--jmx-port", Integer.toString(port), "--state-dir",
            state.toString());
        ClusterNode a = cluster.startWith(List.of(spawnJar), "a@localhost");
        target.awaitUp();
        a.awaitUp();
        assertTrue(a.repeatUntil("spore:factories", out -> out.contains("spawner"), Duration.ofSeconds(30)),
            a.process().output());
        String spawner = a.spawn("spawner");
        try (JmxClient jmx = control(port).listen(access)) {
            jmx.invoke(access, "enableSpawn", "echo", "b@localhost");
            String refused = a.call(spawner, "spawn " + TARGET + " echo");
            assertTrue(refused.startsWith("failed NOT_ALLOWED"), refused);
            Notification denial = jmx.await("of a's refused spawn", n -> n.getType().equals("io.spore.spawn.denied"));
            assertEquals("a@localhost", ((CompositeData) denial.getUserData()).get("requester"));

            jmx.invoke(access, "enableSpawn", "echo", "a@localhost");
            String child = a.call(spawner, "spawn " + TARGET + " echo");
            assertTrue(child.startsWith(TARGET + "."), child + "\n" + target.process().output());
            assertEquals(true, jmx.connection().invoke(JmxClient.name("Processes", TARGET), "kill",
                new Object[] {child}, new String[] {String.class.getName()}), "the child is killed over JMX");

            jmx.invoke(access, "disableSpawn", "echo", "a@localhost");
            assertEquals("listed: b@localhost", jmx.invoke(access, "describe", "echo"));
            String again = a.call(spawner, "spawn " + TARGET + " echo");
            assertTrue(again.startsWith("failed NOT_ALLOWED"), again);
            assertTrue(jmx.heard("io.spore.spawn.opened-to-all").isEmpty(), "b@localhost is still listed");
        }
    }

    @Test
    void withdrawingAFactoryRefusesItAndAnEmptyArrayOpensItAgain() throws Exception {
        int port = FreePorts.tcp();
        startTarget(port);
        try (JmxClient jmx = control(port).listen(access)) {
            jmx.invoke(access, "disableSpawn", "echo", NONE);
            assertEquals("disabled", jmx.invoke(access, "describe", "echo"));
            SporeProcess refused = spawnFromAnotherNode();
            assertEquals(1, refused.awaitExit(CLIENT), refused.output());
            assertTrue(refused.output().contains("UNKNOWN_FACTORY"), refused.output());

            jmx.invoke(access, "enableSpawn", "echo", NONE);
            SporeProcess allowed = spawnFromAnotherNode();
            assertEquals(0, allowed.awaitExit(CLIENT), allowed.output());

            jmx.connection().setAttribute(node, new Attribute("RemoteSpawnEnabled", false));
            SporeProcess off = spawnFromAnotherNode();
            assertEquals(1, off.awaitExit(CLIENT), off.output());
            assertTrue(off.output().contains("REMOTE_SPAWN_DISABLED"), off.output());
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndAReadOnlyUserMayOnlyRead() throws Exception {
        int port = FreePorts.tcp();
        startTarget(port);
        assertThrows(SecurityException.class, () -> JmxClient.connect(port, "controlRole", "wrong").close());
        assertThrows(SecurityException.class,
            () -> JmxClient.connect(port, "nobody", JmxClient.password(state, "controlRole")).close());

        try (JmxClient monitor = JmxClient.connect(port, "monitorRole", JmxClient.password(state, "monitorRole"))) {
            assertEquals(TARGET, monitor.get(node, "Name"));
            TabularData factories = (TabularData) monitor.get(access, "Factories");
            assertEquals(true, factories.get(new Object[] {"echo"}).get("openToAll"));
            SecurityException refused = assertThrows(SecurityException.class,
                () -> monitor.invoke(access, "disableSpawn", "echo", NONE));
            assertTrue(refused.getMessage().contains("readwrite"), refused.getMessage());
            assertThrows(SecurityException.class,
                () -> monitor.connection().setAttribute(node, new Attribute("RemoteSpawnEnabled", false)));
            assertThrows(SecurityException.class, () -> monitor.connection().invoke(
                JmxClient.name("Processes", TARGET), "kill", new Object[] {"<" + TARGET + ".1.1>"},
                new String[] {String.class.getName()}));
        }
        try (JmxClient jmx = control(port)) {
            assertEquals("open to all", jmx.invoke(access, "describe", "echo"), "nothing changed");
            assertEquals(true, jmx.get(node, "RemoteSpawnEnabled"));
        }
    }

    @Test
    void accessListChangesOverJmxAndInTheShellSurviveARestart() throws Exception {
        int port = FreePorts.tcp();
        ClusterNode first = startTarget(port);
        try (JmxClient jmx = control(port)) {
            jmx.invoke(access, "enableSpawn", "echo", "a@localhost", "b@localhost");
        }
        first.command("spore:disable-spawn counter");
        Path kept = state.resolve("spawn-access.properties");
        assertTrue(Await.until(Duration.ofSeconds(30), () -> read(kept).contains("counter = disabled")), read(kept));
        first.stop();

        int second = FreePorts.tcp();
        ClusterNode restarted = startTarget(second);
        try (JmxClient jmx = control(second)) {
            assertEquals("listed: a@localhost, b@localhost", jmx.invoke(access, "describe", "echo"));
            assertArrayEquals(new String[] {"a@localhost", "b@localhost"},
                (String[]) jmx.invoke(access, "allowedNodes", "echo"));
            assertEquals("disabled", jmx.invoke(access, "describe", "counter"));
            assertEquals("open to all", jmx.invoke(access, "describe", "logger"));
        }
        SporeProcess denied = spawnFromAnotherNode();
        assertEquals(1, denied.awaitExit(CLIENT), denied.output() + restarted.process().output());
        assertTrue(denied.output().contains("NOT_ALLOWED"), denied.output());
    }

    @Test
    void aRedeployedBundlesFactoriesKeepTheAccessTheyHad() throws Exception {
        int port = FreePorts.tcp();
        ClusterNode target = startTarget(port);
        Path deployed = tmp.resolve("target_localhost-0").resolve("deploy")
            .resolve(TestDistribution.home().examplesBundle().getFileName());
        Path aside = tmp.resolve("examples.jar");
        try (JmxClient jmx = control(port)) {
            jmx.invoke(access, "enableSpawn", "echo", "a@localhost");
            jmx.invoke(access, "disableSpawn", "counter", NONE);

            Files.move(deployed, aside);
            assertTrue(Await.until(Duration.ofSeconds(30), () -> !names(jmx).contains("echo")),
                "echo withdrawn with its bundle: " + names(jmx) + target.process().output());
            Files.move(aside, deployed);
            assertTrue(Await.until(Duration.ofSeconds(30), () -> names(jmx).contains("echo")),
                "echo back with its bundle: " + names(jmx) + target.process().output());

            assertEquals("listed: a@localhost", jmx.invoke(access, "describe", "echo"));
            assertEquals("disabled", jmx.invoke(access, "describe", "counter"));
        }
    }

    private List<String> names(JmxClient jmx) {
        try {
            return List.of((String[]) jmx.get(access, "FactoryNames"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
