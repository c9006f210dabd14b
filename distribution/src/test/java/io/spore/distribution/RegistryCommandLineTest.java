package io.spore.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * {@code spore registry}'s options, now that {@code --member-id} and {@code --members} are checked by the command
 * (its subcommand {@code status} needs neither): a member without them is a usage error, exit status 2; and
 * {@code spore node --registry}, whose members are read the same way.
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

    /** A node's {@code --registry} is read as {@code spore registry --members} is, before the node starts. */
    @Test
    void aNodesMalformedRegistryIsAUsageError() {
        for (String[] args : new String[][] {{"localhost", "is not host:port"}, {"r1:9100,r2:x", "has no port"},
            {"r1:65533", "the port must be from 1 to 65530"}}) {
            CommandLine commandLine = Spore.commandLine();
            StringWriter err = new StringWriter();
            commandLine.setErr(new PrintWriter(err));
            commandLine.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, commandLine.execute("node", "--name", "a@localhost", "--registry", args[0]), args[0]);
            assertTrue(err.toString().contains("--registry: registry member") && err.toString().contains(args[1]),
                err.toString());
        }
    }
}
