package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/spore} as a user meets it first: help, version, a bad node name, and the demo. */
@Timeout(180)
class CommandLineIT {
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Duration DEMO = Duration.ofSeconds(120);

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
        assertTrue(spore.output().contains("node") && spore.output().contains("demo"), spore.output());
        for (String command : List.of("node", "demo")) {
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
    void theDemoTellsTheWholeStoryAndExitsZero() throws Exception {
        assertEquals(0, run(DEMO, "demo"));
        String output = spore.output();
        for (String expected : List.of(
            "node demo@localhost up (creation ",
            "factories: counter, echo, greeter, logger",
            "\"hello, spore\" -> hello, spore",
            "\"spore\" -> welcome, spore",
            "\"get\" -> 2",
            "[logger <demo@localhost.",
            "] a message from the demo",
            "factories: (none)",
            "alive: false",
            "processes left: 0",
            "node demo@localhost stopped")) {
            assertTrue(output.contains(expected), "missing '" + expected + "' in:\n" + output);
        }
        assertTrue(!output.contains("alive: true"), output);
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
