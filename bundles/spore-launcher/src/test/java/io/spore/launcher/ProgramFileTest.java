package io.spore.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgramFileTest {
    @Test
    void readsAnObjectOrABareArray() {
        List<Program> programs = ProgramFile.parse("""
            {"programs": [{"label": "github.com/relab/goxos/kvs/kvsd", "command": ["kvsd", "-v"],
                           "dir": "/srv", "env": {"K": "V"}}]}""", "f.json");
        assertEquals(List.of(new Program("github.com/relab/goxos/kvs/kvsd", List.of("kvsd", "-v"), "/srv",
            Map.of("K", "V"))), programs);
        assertEquals(List.of(Program.of("p1", List.of("sleep", "1"))),
            ProgramFile.parse("[{\"label\": \"p1\", \"command\": [\"sleep\", \"1\"]}]", "f.json"));
    }

    @Test
    void problemsNameTheFileAndTheProgram() {
        assertMessage("f.json is not valid JSON", "{");
        assertMessage("f.json holds no programs", "{\"other\": 1}");
        assertMessage("f.json lists no programs", "[]");
        assertMessage("f.json, program 2: invalid label 'a b'",
            "[{\"label\": \"ok\", \"command\": [\"x\"]}, {\"label\": \"a b\", \"command\": [\"x\"]}]");
        assertMessage("f.json, program 1: program p has no command", "[{\"label\": \"p\", \"command\": []}]");
    }

    private static void assertMessage(String expected, String json) {
        LaunchException e = assertThrows(LaunchException.class, () -> ProgramFile.parse(json, "f.json"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
