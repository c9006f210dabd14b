package io.spore.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * {@code spore registry}'s options, now that {@code --member-id} and {@code --members} are checked by the command
 * (its subcommand {@code status} needs neither): a member without them is a usage error, exit status 2.
 */
class RegistryCommandLineTest {
    @Test
    void aMemberWithoutItsIdOrMembersIsAUsageError() {
        for (String[] args : new String[][] {{"registry"}, {"registry", "--member-id", "0"},
            {"registry", "--members", "localhost:9100"}}) {
            CommandLine commandLine = Spore.commandLine();
            StringWriter err = new StringWriter();
            commandLine.setErr(new PrintWriter(err));
            commandLine.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, commandLine.execute(args), String.join(" ", args));
            assertTrue(err.toString().contains("spore registry needs --member-id and --members"), err.toString());
        }
    }
}
