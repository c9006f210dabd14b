package io.spore.launcher;

import io.spore.testsupport.Await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node manager's handshake and control channel against {@link FakeNodeMain} run through {@code sh}, a real
 * process with the agent but without a framework: strangers on the callback port (without the token, of an older
 * protocol, garbage, oversized, dripping) are turned away with a logged reason while the node gets in, requests and
 * refusals travel, close ends it, and a node that fails shows its output.
 */
class NodeManagerTest {
    @TempDir
    Path tmp;

    /** @return a script that runs the fake node with this test's class path, as {@code spore} would be run */
    private Path fakeSpore() throws Exception {
        Path script = tmp.resolve("fake-spore");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
            + "' " + FakeNodeMain.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** @return the callback port of this test's node, found on its command line, or -1 after 10 s */
    private int callbackPort() {
        Pattern manager = Pattern.compile("--manager 127.0.0.1:(\\d+)");
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadlineNs) {
            for (ProcessHandle handle : ProcessHandle.allProcesses().toList()) {
                // This test's node only: its command line names this test's own "go" file. Another test's
                // node (or a build running beside this one) may be listed too, with a manager long gone.
                String commandLine = handle.info().commandLine().orElse("");
                Matcher matcher = manager.matcher(commandLine);
                if (commandLine.contains(tmp.resolve("go").toString()) && matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        }
        return -1;
    }

    /**
     * Whoever finds the callback port before the node (which waits for the "go" file) is refused, each with its
     * reason in the creator's log, and the start goes on: an older Spore's JSON hello with a guessed token, a
     * sealed handshake with a guessed token, garbage, an oversized length, and one that drips a byte at a time and
     * still holds its connection when the real node connects (a handshake per connection: it holds up nobody).
     */
    @Test
    void strangersAreTurnedAwayAndTheNodeServesItsCreator() throws Exception {
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        Thread strangers = new Thread(() -> {
            int port = callbackPort();
            try (Socket old = new Socket("127.0.0.1", port)) {
                old.getOutputStream().write("{\"type\":\"hello\",\"token\":\"guessed\"}\n"
                    .getBytes(StandardCharsets.UTF_8));
                output.add("old stranger got: " + new BufferedReader(new InputStreamReader(old.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            } catch (Exception e) {
                output.add("old stranger failed: " + e);
            }
            try (Socket guesser = new Socket("127.0.0.1", port)) {
                ChannelHandshake.asNode(guesser, "guessed", "evil@localhost", System.nanoTime() + 5_000_000_000L);
                output.add("guesser got in");
            } catch (Exception e) {
                output.add("guesser refused: " + e.getMessage());
            }
            try (Socket garbage = new Socket("127.0.0.1", port)) {
                garbage.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                garbage.getInputStream().read();
            } catch (Exception e) {
                output.add("garbage stranger failed: " + e);
            }
            try (Socket oversized = new Socket("127.0.0.1", port)) {
                byte[] header = new byte[ChannelFrame.HEADER_LENGTH];
                ChannelFrame.header(ChannelFrame.CLIENT_HELLO, Integer.MAX_VALUE, header);
                oversized.getOutputStream().write(header);
                oversized.getInputStream().read();
            } catch (Exception e) {
                output.add("oversized stranger failed: " + e);
            }
            try (Socket drip = new Socket("127.0.0.1", port)) {
                // A hello of 100 bytes, then a byte every 200 ms: it would take 20 s, and gets 5.
                byte[] header = new byte[ChannelFrame.HEADER_LENGTH];
                ChannelFrame.header(ChannelFrame.CLIENT_HELLO, 100, header);
                drip.getOutputStream().write(header);
                Files.createFile(tmp.resolve("go"));
                for (int i = 0; i < 60 && !String.join("\n", log).contains("cut short"); i++) {
                    drip.getOutputStream().write(0);
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                output.add("drip ended: " + e);
            }
        });
        strangers.start();
        StartedNode node = NodeManager.start(new NodeSpec().name("fake1").fork(ForkMethod.of("sh"))
            .spore(fakeSpore().toString()).allowBundleInstall(true).log(log::add)
            .nodeArguments(List.of("--wait-for", tmp.resolve("go").toString())).output(output::add));
        String seen = String.join("\n", output);
        assertTrue(seen.contains("old stranger got: {\"type\":\"refused\",\"ok\":false,\"error\":\"this creator"
            + " speaks the sealed manager protocol 1"), seen);
        assertTrue(seen.contains("guesser refused: the creator's proof does not match the token on this node's"
            + " standard input"), seen);
        assertEquals("fake1@localhost", node.name());
        assertEquals(4242, node.udpPort());
        assertFalse(node.detached());
        node.ping();
        strangers.join(15_000);
        String logged = String.join("\n", log);
        assertTrue(logged.contains(": the peer speaks the clear-text manager protocol of a Spore from before the"
            + " sealed channel"), logged);
        assertTrue(logged.contains(": the node gave up the handshake: the creator's proof does not match"), logged);
        assertTrue(logged.contains(": not a Spore node-manager frame (type byte 0x47)"), logged);
        assertTrue(logged.contains(": a client hello frame of 2147483647 bytes, more than the 512 it may have"),
            logged);
        // Still dripping when the node got in: cut off then (ChannelHandshakeTest shows the deadline).
        assertTrue(Await.until(Duration.ofSeconds(10), () -> String.join("\n", log).contains(": the wait for the"
            + " node is over, so its handshake was cut short")), String.join("\n", log));
        assertTrue(logged.startsWith("refused a connection to the callback port from /127.0.0.1:"), logged);

        Path jar = Files.write(tmp.resolve("b.jar"), new byte[] {1, 2, 3});
        assertEquals("installed b.jar (3 bytes)", node.installBundle(jar));
        assertEquals(List.of("b.jar"), node.factories());
        LaunchException refused = assertThrows(LaunchException.class, () -> node.spawnRegister("nope", "x"));
        assertEquals("fake1@localhost refused spawn: no factory nope", refused.getMessage());

        node.close();
        assertFalse(node.isConnected());
        assertThrows(LaunchException.class, node::ping);
    }

    @Test
    void bundlesAreRefusedUnlessTheNodeAllowsTheCreator() throws Exception {
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        try (StartedNode node = NodeManager.start(new NodeSpec().name("fake2").fork(ForkMethod.of("sh"))
            .spore(fakeSpore().toString()).creator("boss@here").output(output::add))) {
            LaunchException e = assertThrows(LaunchException.class,
                () -> node.installBundle(Files.write(tmp.resolve("b.jar"), new byte[] {1})));
            assertTrue(e.getMessage().contains("does not accept bundles from boss@here"), e.getMessage());
        }
        assertTrue(String.join("\n", output).contains("log: refused to install bundle b.jar from boss@here"),
            output.toString());
    }

    @Test
    void releasingANonDetachedNodeEndsIt() throws Exception {
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        StartedNode node = NodeManager.start(new NodeSpec().name("fake3").fork(ForkMethod.of("sh"))
            .spore(fakeSpore().toString()).output(output::add));
        node.release();
        Await.until(Duration.ofSeconds(10), () -> String.join("\n", output).contains("creator gone: "));
        assertTrue(String.join("\n", output).contains("creator gone: "), output.toString());
    }

    @Test
    void aNodeThatExitsEarlyShowsItsOutput() throws Exception {
        LaunchException e = assertThrows(LaunchException.class, () -> NodeManager.start(new NodeSpec().name("fake4")
            .fork(ForkMethod.of("sh")).spore(fakeSpore().toString())
            .nodeArguments(List.of("--fail-with", "no java here, sorry"))));
        assertTrue(e.getMessage().startsWith("fake4@localhost exited with status 3 before connecting back"),
            e.getMessage());
        assertTrue(e.getMessage().endsWith("no java here, sorry"), e.getMessage());
    }

    @Test
    void aNodeThatNeverConnectsTimesOut() throws Exception {
        Path silent = tmp.resolve("silent");
        Files.writeString(silent, "#!/bin/sh\necho starting slowly\nexec sleep 30\n");
        Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwx------"));
        LaunchException e = assertThrows(LaunchException.class, () -> NodeManager.start(new NodeSpec().name("fake5")
            .fork(ForkMethod.of("sh")).spore(silent.toString()).timeout(Duration.ofMillis(800))));
        assertTrue(e.getMessage().startsWith("fake5@localhost did not connect back within 800 ms"), e.getMessage());
        assertTrue(e.getMessage().endsWith("starting slowly"), e.getMessage());
    }
}
