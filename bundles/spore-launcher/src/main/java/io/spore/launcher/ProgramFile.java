package io.spore.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a program file for {@code spore launch submit --file}: {@code {"programs": [PROGRAM, ...]}} or a bare
 * array {@code [PROGRAM, ...]}, where a program is {@code {"label": "...", "command": ["exe", "arg", ...],
 * "dir": "...", "env": {"K": "V"}}} ({@code dir} and {@code env} optional). Stateless.
 */
public final class ProgramFile {
    private ProgramFile() {
    }

    /**
     * @param json   the file's content
     * @param source the file's name, for errors
     * @return the programs, each validated
     * @throws LaunchException naming the file and the problem
     */
    public static List<Program> parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LaunchException(source + " is not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        JsonNode array = root != null && root.isObject() ? root.get("programs") : root;
        if (array == null || !array.isArray()) {
            throw new LaunchException(source + " holds no programs: expected {\"programs\": [...]} or [...]");
        }
        List<Program> programs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Program program;
            try {
                program = Json.MAPPER.treeToValue(array.get(i), Program.class);
            } catch (JsonProcessingException e) {
                throw new LaunchException("program " + (i + 1) + " of " + source + " is malformed: "
                    + e.getOriginalMessage());
            }
            try {
                programs.add(program.validate());
            } catch (LaunchException e) {
                throw new LaunchException(source + ", program " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (programs.isEmpty()) {
            throw new LaunchException(source + " lists no programs");
        }
        return programs;
    }
}
