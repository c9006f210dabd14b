package io.spore.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkMethodTest {
    private static final List<String> NODE = List.of("spore", "node", "--name", "n1@lab1", "--manager",
        "10.0.0.1:4000");
    private static final List<String> SSH = List.of("ssh", "-F", "cfg");

    @Test
    void automaticIsShHereAndSshElsewhere() {
        assertEquals("sh", ForkMethod.of("automatic").resolve("localhost", SSH).text());
        assertEquals("sh", ForkMethod.of("automatic").resolve("127.0.0.1", SSH).text());
        assertEquals("ssh", ForkMethod.of("automatic").resolve("lab1.invalid", SSH).text());
        assertTrue(ForkMethod.isThisHost("user@localhost"));
        assertFalse(ForkMethod.isThisHost("lab1.invalid"));
    }

    @Test
    void shExecsTheNodeWithItsWordsUntouched() {
        List<String> line = ForkMethod.of("sh").commandLine("anything", NODE, SSH);
        assertEquals(List.of("sh", "-c", "exec \"$0\" \"$@\"", "spore", "node", "--name", "n1@lab1", "--manager",
            "10.0.0.1:4000"), line);
    }

    @Test
    void sshUsesTheGivenSshCommand() {
        assertEquals(List.of("ssh", "-F", "cfg", "-o", "BatchMode=yes", "lab1", "--",
            "spore node --name n1@lab1 --manager 10.0.0.1:4000"),
            ForkMethod.of("ssh").commandLine("lab1", NODE, SSH));
    }

    @Test
    void anyOtherCommandIsRunAsCommandHostProgram() {
        assertEquals(List.of("rsh", "lab1", "spore node --name n1@lab1 --manager 10.0.0.1:4000"),
            ForkMethod.of("rsh").commandLine("lab1", NODE, SSH));
        assertEquals(List.of("/opt/bin/remote", "-q", "lab1", "spore node --name n1@lab1 --manager 10.0.0.1:4000"),
            ForkMethod.of("/opt/bin/remote -q").commandLine("lab1", NODE, SSH));
    }

    @Test
    void anEmptyMethodIsRefused() {
        assertThrows(LaunchException.class, () -> ForkMethod.of(" "));
    }
}
