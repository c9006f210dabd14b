package io.spore.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RemoteShellTest {
    @Test
    void plainWordsStayAndOthersAreSingleQuoted() {
        assertEquals("spore launch submit -l github.com/relab/goxos/kvs/kvsd",
            RemoteShell.quote(List.of("spore", "launch", "submit", "-l", "github.com/relab/goxos/kvs/kvsd")));
        assertEquals("sh -c 'echo $HOME; exit 3'", RemoteShell.quote(List.of("sh", "-c", "echo $HOME; exit 3")));
        assertEquals("'it'\\''s'", RemoteShell.quote("it's"));
        assertEquals("''", RemoteShell.quote(""));
        assertEquals("'o*'", RemoteShell.quote("o*"));
    }

    @Test
    void sshCommandNeverPromptsAndEndsOptionsBeforeTheRemoteLine() {
        assertEquals(List.of("ssh", "-F", "/tmp/cfg", "-o", "BatchMode=yes", "lab1", "--", "spore launch list"),
            RemoteShell.sshCommand(List.of("ssh", "-F", "/tmp/cfg"), "lab1", List.of("spore", "launch", "list")));
    }

    @Test
    void forkCommandPutsTheHostFirst() {
        assertEquals(List.of("rsh", "lab1", "spore node --test"),
            RemoteShell.forkCommand(List.of("rsh"), "lab1", List.of("spore", "node", "--test")));
    }

    @Test
    void aHostThatLooksLikeAnOptionIsRefused() {
        assertThrows(LaunchException.class, () -> RemoteShell.sshCommand(List.of("ssh"), "-oProxyCommand=x",
            List.of("spore")));
    }

    @Test
    void splitsACommandAtWhiteSpace() {
        assertEquals(List.of("ssh", "-F", "cfg"), RemoteShell.split("  ssh  -F\tcfg "));
    }
}
