package io.spore.distribution;

import io.spore.distribution.testbundle.TestFactoryActivator;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.testsupport.TcpRelay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test of the node-manager channel with real processes: {@code spore start-node --install-bundle JAR}
 * while a relay on the path records every byte of the callback connection both ways (what a sniffer sees), then
 * the same with the relay flipping one byte on its way to the node (what an attacker on the path can do), and
 * strangers on the creator's callback port before the node connects (each refused, and the start goes on).
 *
 * <p>The relay is put in the path the way an ssh tunnel would be, with no hook in the product: the start goes
 * through a fork method of the test's own ({@code --fork SCRIPT}, run as {@code SCRIPT HOST 'spore node ...'} like
 * rsh), which writes down the creator's callback port for the relay, points {@code --manager} at the relay instead,
 * and keeps a copy of the node's standard input, so the test knows the token it must not find on the wire.
 */
@Timeout(300)
class StartNodeChannelIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int WINDOW = 64;

    @TempDir
    Path tmp;

    private Path cookie;
    private int nameServicePort;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void cluster() throws IOException {
        cookie = Cluster.writeCookie(tmp.resolve("cookie"));
        nameServicePort = FreePorts.tcp();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    /** @return a relay that forwards to the callback port the fork script wrote down */
    private TcpRelay relay(long flipDownstreamAt) {
        Path target = tmp.resolve("target-port");
        TcpRelay relay = TcpRelay.tampering(() -> {
            try {
                Await.until(Duration.ofSeconds(10), () -> Files.exists(target));
                int port = Integer.parseInt(Files.readString(target).strip());
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, flipDownstreamAt);
        resources.add(relay);
        return relay;
    }

    /** @return the fork script that puts {@code relay} in the path (see the class comment) */
    private Path relayFork(TcpRelay relay) throws IOException {
        Path script = tmp.resolve("relay-fork.sh");
        String dir = tmp.toString();
        Files.writeString(script, String.join("\n",
            "#!/bin/sh",
            "# Called as: relay-fork.sh HOST 'spore node ... --manager 127.0.0.1:PORT ...'",
            "line=$2",
            "port=$(printf '%s\\n' \"$line\" | sed -n 's/.*--manager 127\\.0\\.0\\.1:\\([0-9][0-9]*\\).*/\\1/p')",
            "printf '%s\\n' \"$port\" > '" + dir + "/target-port.tmp'",
            "mv '" + dir + "/target-port.tmp' '" + dir + "/target-port'",
            "line=$(printf '%s\\n' \"$line\" | sed \"s/--manager 127\\.0\\.0\\.1:$port/--manager 127.0.0.1:"
                + relay.port() + "/\")",
            // With a "hold" file the node starts only once the test has made a "go" file (at most 30 s later).
            "if [ -e '" + dir + "/hold' ]; then",
            "  i=0; while [ ! -e '" + dir + "/go' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done",
            "fi",
            // The node's standard input through a copy: tee ends when the creator's pipe does, and so does the
            // node's input, as without the copy.
            "rm -f '" + dir + "/stdin-fifo'",
            "mkfifo '" + dir + "/stdin-fifo'",
            "exec 3<&0",
            "tee '" + dir + "/stdin-copy' <&3 >'" + dir + "/stdin-fifo' &",
            "exec sh -c \"exec $line\" <'" + dir + "/stdin-fifo' 3<&-",
            ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private SporeProcess startNode(String name, TcpRelay relay, Path bundle) throws IOException {
        Path deploy = Files.createDirectories(tmp.resolve(name).resolve("deploy"));
        SporeProcess creator = SporeProcess.start(tmp, "start-node", "--host", "localhost", "--name", name,
            "--fork", relayFork(relay).toString(), "--spore", TestDistribution.script().toString(),
            "--install-bundle", bundle.toString(), "--",
            "--cookie-file", cookie.toString(), "--name-service-port", Integer.toString(nameServicePort),
            "--deploy", deploy.toString(), "--state-dir", tmp.resolve(name).resolve("state").toString());
        resources.add(creator);
        return creator;
    }

    @Test
    void aSnifferOnTheCallbackPathReadsNeitherTheTokenNorTheBundle() throws Exception {
        Path bundle = TestBundleJar.build(tmp.resolve("sealed-bundle.jar"));
        TcpRelay relay = relay(-1);
        SporeProcess creator = startNode("sealed1", relay, bundle);
        Matcher started = creator.awaitMatch(Pattern.compile("node sealed1@localhost started through \\S*relay-fork"
            + "\\.sh: pid (\\d+)"), 0, DEADLINE);
        long pid = Long.parseLong(started.group(1));
        creator.awaitOutput("bundle " + TestFactoryActivator.BSN + " 1.0.0", 0, DEADLINE);
        creator.awaitOutput("installed and started on sealed1@localhost", 0, DEADLINE);
        creator.awaitOutput("ends when this command ends", 0, DEADLINE);
        assertTrue(creator.terminate(DEADLINE), creator.output());
        assertTrue(Await.until(DEADLINE, () -> !OsProcesses.running(pid)), "the node's JVM exited");

        String token = Files.readAllLines(tmp.resolve("stdin-copy")).get(0);
        assertEquals(43, token.length(), "the token the creator wrote: 32 random bytes in Base64: " + token);
        byte[] upstream = relay.upstream();
        byte[] downstream = relay.downstream();
        byte[] jar = Files.readAllBytes(bundle);
        assertTrue(downstream.length > jar.length, "the bundle went through the relay: " + downstream.length
            + " bytes to the node for a jar of " + jar.length + "; " + relay.events());
        assertTrue(contains(upstream, bytes("sealed1@localhost")),
            "the recording is real: the node's name is in its clear hello, as on its command line");

        for (byte[] recorded : List.of(upstream, downstream)) {
            assertFalse(contains(recorded, bytes(token)), "the token, as written to the node");
            assertFalse(contains(recorded, Base64.getUrlDecoder().decode(token)), "the token's bytes");
            assertFalse(sharesAWindow(recorded, jar), "a " + WINDOW + "-byte window of the jar");
            assertFalse(sharesAWindow(recorded, bytes(Base64.getEncoder().encodeToString(jar))),
                "a " + WINDOW + "-byte window of the jar in Base64, as the install request carries it");
            for (String clear : List.of(TestFactoryActivator.class.getName(),
                TestFactoryActivator.class.getName().replace('.', '/'), TestFactoryActivator.BSN,
                "sealed-bundle.jar", "install", "heartbeat", "\"type\"", "creator-")) {
                assertFalse(contains(recorded, bytes(clear)), "'" + clear + "' on the wire");
            }
        }
    }

    @Test
    void aByteFlippedOnTheWayToTheNodeEndsTheChannelAndNothingIsInstalled() throws Exception {
        Path bundle = TestBundleJar.build(tmp.resolve("tampered-bundle.jar"));
        assertTrue(Files.size(bundle) > 1500, "the install request covers byte 1000 of what the creator sends");
        // The handshake and the welcome take under 300 bytes, a heartbeat under 100: byte 1000 is in the install.
        TcpRelay relay = relay(1000);
        SporeProcess creator = startNode("sealed2", relay, bundle);
        Matcher started = creator.awaitMatch(Pattern.compile("node sealed2@localhost started through \\S*relay-fork"
            + "\\.sh: pid (\\d+)"), 0, DEADLINE);
        long pid = Long.parseLong(started.group(1));
        int status = creator.awaitExit(DEADLINE);
        String output = creator.output();
        assertNotEquals(0, status, output);
        assertTrue(relay.events().contains("flipped downstream byte 1000"), relay.events().toString());
        assertTrue(output.contains("closed the manager channel to creator-"), output);
        assertTrue(output.contains("from the creator failed to open: it was changed in transit, or not sealed with"
            + " this channel's key"), output);
        assertTrue(output.contains("node sealed2@localhost: its creator is gone (the control channel refused a"
            + " record: record "), output);
        assertTrue(output.contains("spore start-node: node sealed2@localhost is dead"), output);
        assertFalse(output.contains("installed and started"), output);
        assertFalse(output.contains(TestFactoryActivator.BSN), "no bundle installed: " + output);
        assertTrue(Await.until(DEADLINE, () -> !OsProcesses.running(pid)), "the node's JVM exited");
    }

    @Test
    void strangersOnTheCallbackPortAreRefusedAndTheNodeStillGetsItsBundle() throws Exception {
        Path bundle = TestBundleJar.build(tmp.resolve("patient-bundle.jar"));
        Files.createFile(tmp.resolve("hold"));
        TcpRelay relay = relay(-1);
        SporeProcess creator = startNode("sealed3", relay, bundle);
        Path target = tmp.resolve("target-port");
        assertTrue(Await.until(DEADLINE, () -> Files.exists(target)), creator.output());
        int port = Integer.parseInt(Files.readString(target).strip());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Socket old = new Socket(loopback, port)) {
            old.getOutputStream().write(bytes("{\"type\":\"hello\",\"token\":\"guessed\"}\n"));
            String answer = new BufferedReader(new InputStreamReader(old.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
            assertTrue(answer.startsWith("{\"type\":\"refused\",\"ok\":false,\"error\":\"this creator speaks the"
                + " sealed manager protocol 1"), answer);
        }
        try (Socket garbage = new Socket(loopback, port)) {
            garbage.getOutputStream().write(bytes("GET / HTTP/1.1\r\n\r\n"));
            assertEquals(-1, garbage.getInputStream().read(), "closed after the refusal");
        }
        try (Socket oversized = new Socket(loopback, port)) {
            // A client hello that claims 2 GiB.
            oversized.getOutputStream().write(new byte[] {1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertEquals(-1, oversized.getInputStream().read(), "closed after the refusal");
        }
        creator.awaitOutput("refused a connection to the callback port from /127.0.0.1:", 0, DEADLINE);
        creator.awaitOutput("a client hello frame of 2147483647 bytes, more than the 512 it may have", 0, DEADLINE);
        Files.createFile(tmp.resolve("go"));

        creator.awaitOutput("installed and started on sealed3@localhost", 0, DEADLINE);
        String output = creator.output();
        assertTrue(output.contains("spore start-node: refused a connection to the callback port from /127.0.0.1:"),
            output);
        assertTrue(output.contains(": the peer speaks the clear-text manager protocol of a Spore from before the"
            + " sealed channel"), output);
        assertTrue(output.contains(": not a Spore node-manager frame (type byte 0x47)"), output);
        assertTrue(creator.terminate(DEADLINE), creator.output());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle,
            StandardCharsets.ISO_8859_1));
    }

    /** @return whether any {@value #WINDOW} consecutive bytes of {@code content} appear in {@code recorded} */
    private static boolean sharesAWindow(byte[] recorded, byte[] content) {
        String wire = new String(recorded, StandardCharsets.ISO_8859_1);
        Set<String> windows = new HashSet<>();
        for (int i = 0; i + WINDOW <= wire.length(); i++) {
            windows.add(wire.substring(i, i + WINDOW));
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (int i = 0; i + WINDOW <= text.length(); i++) {
            if (windows.contains(text.substring(i, i + WINDOW))) {
                return true;
            }
        }
        return false;
    }
}
