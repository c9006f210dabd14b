package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/spore} as a user meets it first: help, version, bad arguments, and the demo. */
@Timeout(180)
class CommandLineIT {
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Duration DEMO = Duration.ofSeconds(120);
    private static final Duration DEMO_TARGET = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private SporeProcess spore;

    @AfterEach
    void stop() {
        if (spore != null) {
            spore.close();
        }
    }

    @Test
    void helpListsTheCommands() throws Exception {
        assertEquals(0, run(QUICK, "--help"));
        assertTrue(spore.output().contains("Usage: spore"), spore.output());
        for (String command : List.of("node", "demo", "send", "call", "spawn", "ping")) {
            assertTrue(spore.output().contains("  " + command + "  "), spore.output());
        }
        for (String command : List.of("node", "demo", "send", "call", "spawn", "ping")) {
            assertEquals(0, run(QUICK, command, "--help"));
            assertTrue(spore.output().contains("Usage: spore " + command), spore.output());
        }
    }

    @Test
    void versionNamesSpore() throws Exception {
        assertEquals(0, run(QUICK, "--version"));
        assertTrue(spore.output().startsWith("spore "), spore.output());
    }

    @Test
    void aBadNodeNameIsRefusedInOneLine() throws Exception {
        int status = run(QUICK, "node", "--name", "bad_name");
        assertNotEquals(0, status);
        String output = spore.output().strip();
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.contains("bad_name") && output.contains("name@host"), output);
    }

    @Test
    void badNetworkOptionsAreRefusedInOneLineWithStatusTwo() throws Exception {
        for (String[] bad : List.of(
            new String[] {"--heartbeat-interval", "3x"},
            new String[] {"--detection-timeout", "1s", "--heartbeat-interval", "1s"},
            new String[] {"--route", "b@beta"},
            new String[] {"--port", "65536"},
            new String[] {"--cookie-file", tmp.resolve("missing").toString()})) {
            List<String> args = new ArrayList<>(List.of("node", "--name", "a@localhost"));
            args.addAll(List.of(bad));
            assertEquals(2, run(QUICK, args.toArray(String[]::new)), spore.output());
            String output = spore.output().strip();
            assertEquals(1, output.lines().count(), output);
            assertTrue(output.startsWith("spore node: "), output);
        }
    }

    @Test
    void theDemoTellsTheWholeStoryAndExitsZero() throws Exception {
        long startNs = System.nanoTime();
        assertEquals(0, run(DEMO, "demo"));
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        System.out.println("spore demo took " + elapsedMs + " ms");
        // Meant to take a few seconds; the bound leaves room for a busy machine.
        assertTrue(elapsedMs < DEMO_TARGET.toMillis(), "the demo took " + elapsedMs + " ms");
        String output = spore.output();
        for (String expected : List.of(
            "node demo@localhost up (creation ",
            "factories: counter, echo, greeter, logger, worker",
            "children worker-1 <demo@localhost.",
            "worker-2 was <demo@localhost.",
            "(restarts 1, last exit: error: java.lang.IllegalStateException: worker-2 was told to crash)",
            "\"status\" -> worker-2 on demo@localhost (application examples, jobs 0)",
            "\"hello, spore\" -> hello, spore",
            "\"spore\" -> welcome, spore",
            "\"get\" -> 2",
            "[logger <demo@localhost.",
            "] a message from the demo",
            "factories: (none)",
            "alive: false",
            "processes left: 0",
            "node other@localhost up (creation ",
            "spawn echo on other@localhost -> NOT_ALLOWED: node demo@localhost may not spawn 'echo'",
            "echo: allowed for demo@localhost, elsewhere@localhost",
            "spawn echo on other@localhost -> <other@localhost.",
            "\"hello across nodes\" -> hello across nodes",
            "received: an answer for the pid inside",
            "child remote-worker <other@localhost.",
            "-> remote-worker on other@localhost (application demo, jobs 0)",
            "remote-worker is now <other@localhost.",
            "received: Down(<other@localhost.",
            ", noconnection)",
            "connected nodes: (none)",
            "node demo@localhost stopped")) {
            assertTrue(output.contains(expected), "missing '" + expected + "' in:\n" + output);
        }
        assertTrue(!output.contains("alive: true"), output);
    }

    /** The weak-cookie rule as a user meets it: a node refuses a weak cookie and says how to make a good one. */
    @Test
    void cookieGenerateMakesAStrongFileAndANodeRefusesAWeakOne() throws Exception {
        Path cookie = tmp.resolve("keys").resolve("cookie");
        assertEquals(0, run(QUICK, "cookie", "--generate", "--file", cookie.toString()), spore.output());
        assertTrue(spore.output().contains("wrote a new cookie to " + cookie), spore.output());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(cookie)));
        String first = java.nio.file.Files.readString(cookie);
        assertNotEquals(0, run(QUICK, "cookie", "--generate", "--file", cookie.toString()));
        assertTrue(spore.output().contains("--force"), spore.output());
        assertEquals(first, java.nio.file.Files.readString(cookie), "an existing cookie is kept");
        assertEquals(0, run(QUICK, "cookie", "--file", cookie.toString()), spore.output());
        assertTrue(spore.output().contains("holds a strong cookie"), spore.output());

        Path weak = java.nio.file.Files.writeString(tmp.resolve("weak-cookie"), "secret\n");
        java.nio.file.Files.setPosixFilePermissions(weak,
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int status = run(QUICK, "node", "--name", "weak@localhost", "--cookie-file", weak.toString(),
            "--deploy", tmp.resolve("deploy").toString(), "--state-dir", tmp.resolve("state").toString(),
            "--name-service-port", Integer.toString(io.spore.testsupport.FreePorts.tcp()));
        assertNotEquals(0, status, spore.output());
        assertTrue(spore.output().contains("weak cookie") && spore.output().contains("spore cookie --generate"),
            spore.output());
        assertTrue(!spore.output().contains("secret"), "the cookie itself is never shown: " + spore.output());
    }

    private int run(Duration timeout, String... args) throws Exception {
        if (spore != null) {
            spore.close();
        }
        spore = SporeProcess.start(tmp, args);
        spore.closeInput();
        return spore.awaitExit(timeout);
    }
}
