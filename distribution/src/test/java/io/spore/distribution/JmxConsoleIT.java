package io.spore.distribution;

import io.spore.testsupport.FreePorts;
import io.spore.testsupport.TestKeys;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node administered the way an operator does without writing Java: a jmxterm script over the remote connector
 * (the README's walkthrough), and JConsole's local attach to a node started without {@code --jmx-port}.
 */
@Timeout(240)
class JmxConsoleIT {
    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final String TARGET = "target@localhost";

    @TempDir
    Path tmp;

    private Cluster cluster;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new Cluster(tmp);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void aJmxtermScriptTogglesAnAccessListAndARemoteSpawnFollowsIt() throws Exception {
        int port = FreePorts.tcp();
        Path state = tmp.resolve("state");
        cluster.start(TARGET, "--jmx-port", Integer.toString(port), "--state-dir", state.toString()).awaitUp();
        String open = "open 127.0.0.1:" + port + " -u controlRole -p " + JmxClient.password(state, "controlRole")
            + "\n";
        String bean = "bean io.spore:type=SpawnAccess,name=" + TARGET + "\n";

        String listed = Jmxterm.run(tmp, open + bean
            + "run enableSpawn echo 'someone@localhost'\n"
            + "run describe echo\n"
            + "close\n");
        assertTrue(listed.contains("listed: someone@localhost"), listed);
        SporeProcess denied = cluster.client(CLIENT, "spawn", "--node", TARGET, "echo");
        assertEquals(1, denied.awaitExit(CLIENT), denied.output());
        assertTrue(denied.output().contains("NOT_ALLOWED"), denied.output());

        String opened = Jmxterm.run(tmp, open + bean
            + "run disableSpawn echo 'someone@localhost'\n"
            + "get Factories\n"
            + "close\n");
        assertTrue(opened.matches("(?s).*\\( echo \\) = \\{[^}]*denied = 1;[^}]*openToAll = true;.*"), opened);
        SporeProcess allowed = cluster.client(CLIENT, "spawn", "--node", TARGET, "echo");
        assertEquals(0, allowed.awaitExit(CLIENT), allowed.output());
        assertTrue(allowed.output().contains("<" + TARGET + "."), allowed.output());

        String monitor = Jmxterm.run(tmp, "open 127.0.0.1:" + port + " -u monitorRole -p "
            + JmxClient.password(state, "monitorRole") + "\n" + bean
            + "run disableSpawn echo \"\"\n"
            + "bean io.spore:type=Node,name=" + TARGET + "\n"
            + "get RemoteSpawnEnabled SpawnsIn\n"
            + "set RemoteSpawnEnabled false\n"
            + "close\n");
        assertTrue(monitor.contains("access denied: invoke needs the readwrite access level"), monitor);
        assertTrue(monitor.contains("access denied: setAttribute needs the readwrite access level"), monitor);
        assertTrue(monitor.contains("RemoteSpawnEnabled = true;"), monitor);

        String wrong = Jmxterm.run(tmp, "open 127.0.0.1:" + port + " -u controlRole -p wrong\n");
        assertTrue(wrong.contains("authentication failed"), wrong);
        assertFalse(wrong.contains("Connection to"), wrong);
    }

    @Test
    void jmxOptionsThatCannotWorkAreOneLineUsageErrors() throws Exception {
        for (String[] args : new String[][] {
            {"--jmx-host", "0.0.0.0"},
            {"--jmx-port", "9010", "--jmx-password-file", tmp.resolve("missing").toString()},
            {"--jmx-port", "0"},
        }) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("node", "--name", TARGET));
            command.addAll(java.util.List.of(args));
            SporeProcess spore = SporeProcess.start(tmp, command.toArray(String[]::new));
            spore.closeInput();
            assertEquals(2, spore.awaitExit(CLIENT), spore.output());
            assertEquals(1, spore.output().strip().lines().count(), spore.output());
            assertTrue(spore.output().contains("--jmx"), spore.output());
        }
    }

    @Test
    void aJmxPortInUseStopsTheNodeWithOneLineSayingSo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
            java.net.InetAddress.getByName("127.0.0.1"))) {
            SporeProcess spore = SporeProcess.start(tmp, "node", "--name", TARGET, "--jmx-port",
                Integer.toString(taken.getLocalPort()), "--state-dir", tmp.resolve("state").toString(),
                "--name-service-port", Integer.toString(cluster.nameServicePort()),
                "--cookie-file", cluster.cookie().toString());
            spore.closeInput();
            assertEquals(1, spore.awaitExit(CLIENT), spore.output());
            String last = spore.output().strip().lines().reduce((first, second) -> second).orElse("");
            assertTrue(last.startsWith("spore node: ") && last.contains("port " + taken.getLocalPort())
                && last.contains("choose another --jmx-port"), spore.output());
            assertFalse(spore.output().contains(" up (creation"), spore.output());
        }
    }

    @Test
    void withoutAJmxPortJConsolesLocalAttachFindsTheNodesBeans() throws Exception {
        ClusterNode target = cluster.start(TARGET).awaitUp();
        long pid = target.process().pid();
        Set<String> listed = Set.copyOf(VirtualMachine.list().stream().map(VirtualMachineDescriptor::id).toList());
        assertTrue(listed.contains(Long.toString(pid)), "the node's JVM is listed for attach, as JConsole shows it: "
            + listed);

        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            assertEquals(TARGET, connection.getAttribute(JmxClient.name("Node", TARGET), "Name"));
            assertEquals(6, connection.queryNames(new ObjectName("io.spore:name=" + TARGET + ",*"), null).size());
        }
        Path defaultState = tmp.resolve("target_localhost-0").resolve("state").resolve(TARGET);
        assertTrue(Files.isDirectory(tmp.resolve("target_localhost-0")), "the node's working directory");
        assertFalse(Files.exists(defaultState.resolve("jmx.password")), "no connector, so no password file");
    }

    /**
     * The README's TLS walkthrough for jmxterm: a node with {@code --jmx-ssl} and a plain registry (jmxterm cannot
     * look up over TLS) on its own port; jmxterm started with the node's certificate in its truststore logs in over
     * TLS, and one without it cannot.
     */
    @Test
    void jmxtermConnectsOverTlsOnlyWhenItTrustsTheNode() throws Exception {
        TestKeys keys = TestKeys.make(Files.createDirectory(tmp.resolve("keys")));
        int registry = FreePorts.tcp();
        int connector = FreePorts.tcp();
        Path state = tmp.resolve("tls-state");
        cluster.start(TARGET, "--jmx-port", Integer.toString(registry), "--jmx-rmi-port", Integer.toString(connector),
            "--jmx-ssl", "--jmx-keystore", keys.keystore().toString(), "--jmx-keystore-password-file",
            keys.passwordFile().toString(), "--jmx-plain-registry", "--state-dir", state.toString()).awaitUp();
        String script = "open 127.0.0.1:" + registry + " -u monitorRole -p " + JmxClient.password(state, "monitorRole")
            + "\nbean io.spore:type=Node,name=" + TARGET + "\nget Name\nclose\n";

        String trusting = Jmxterm.run(tmp, keys.trustOptions(), script);
        assertTrue(trusting.contains("Name = " + TARGET + ";"), trusting);

        String stranger = Jmxterm.run(tmp, script);
        assertFalse(stranger.contains("Name = " + TARGET + ";"), "no trust, no connection: " + stranger);
    }
}
