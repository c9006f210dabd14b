package io.spore.launcher;

import io.spore.testsupport.Await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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
 * process with the agent but without a framework: strangers with the wrong token are turned away, requests and
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

    @Test
    void aStrangerIsTurnedAwayAndTheNodeServesItsCreator() throws Exception {
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        Thread stranger = new Thread(() -> {
            // Whoever finds the callback port first, with a guessed token, is refused and the start goes on.
            Pattern manager = Pattern.compile("--manager 127.0.0.1:(\\d+)");
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadlineNs) {
                for (ProcessHandle handle : ProcessHandle.allProcesses().toList()) {
                    // This test's node only: its command line names this test's own "go" file. Another test's
                    // node (or a build running beside this one) may be listed too, with a manager long gone.
                    String commandLine = handle.info().commandLine().orElse("");
                    Matcher matcher = manager.matcher(commandLine);
                    if (commandLine.contains(tmp.resolve("go").toString()) && matcher.find()) {
                        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(matcher.group(1)))) {
                            OutputStreamWriter out = new OutputStreamWriter(socket.getOutputStream(),
                                StandardCharsets.UTF_8);
                            Json.writeLine(out, ManagerMessage.hello("guessed", "evil@localhost", 1, null, false));
                            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.UTF_8)).readLine();
                            output.add("stranger got: " + answer);
                        } catch (Exception e) {
                            output.add("stranger failed: " + e);
                        }
                        try {
                            Files.createFile(tmp.resolve("go"));
                        } catch (java.io.IOException e) {
                            output.add("could not let the node go on: " + e);
                        }
                        return;
                    }
                }
            }
        });
        stranger.start();
        StartedNode node = NodeManager.start(new NodeSpec().name("fake1").fork(ForkMethod.of("sh"))
            .spore(fakeSpore().toString()).allowBundleInstall(true)
            .nodeArguments(List.of("--wait-for", tmp.resolve("go").toString())).output(output::add));
        stranger.join();
        assertTrue(String.join("\n", output).contains("stranger got: {\"type\":\"refused\""), output.toString());
        assertEquals("fake1@localhost", node.name());
        assertEquals(4242, node.udpPort());
        assertFalse(node.detached());
        node.ping();

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
