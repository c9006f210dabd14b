package io.spore.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * {@code spore node --low-latency} stands for two settings, so giving it with either of them is a usage error (exit
 * status 2, one line) before any node starts.
 */
class NodeThreadingCommandLineTest {
    @Test
    void theProfileAndTheSettingsItStandsForAreNotMixed() {
        for (String[] args : new String[][] {
            {"node", "--name", "a@localhost", "--low-latency", "--threading", "shared"},
            {"node", "--name", "a@localhost", "--low-latency", "--idle-strategy", "backoff"}}) {
            CommandLine commandLine = Spore.commandLine();
            StringWriter err = new StringWriter();
            commandLine.setErr(new PrintWriter(err));
            commandLine.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, commandLine.execute(args), String.join(" ", args));
            assertTrue(err.toString().contains("--low-latency sets --threading dedicated and --idle-strategy spin"),
                err.toString());
        }
    }
}
