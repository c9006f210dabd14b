package io.spore.launcher;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One program for the launcher to run: a label that names it while it runs, the command and its arguments, and
 * optionally a working folder and extra environment. A program file ({@code spore launch submit --file}) holds
 * {@code {"programs": [ ... ]}} or a bare array of these.
 *
 * @param label   the name the program runs under, unique among running programs, such as
 *                {@code github.com/relab/goxos/kvs/kvsd}
 * @param command the executable and its arguments; the executable is looked up on the launcher's PATH
 * @param dir     the working folder, or {@code null} for the launcher's own
 * @param env     variables added to the launcher's environment, or {@code null}
 */
public record Program(String label, List<String> command, String dir, Map<String, String> env) {
    /** Letters, digits and {@code . _ - / : @ +}: enough for Go import paths and host-qualified names. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._\\-/:@+]{1,200}");

    /** @return a program with only a label and a command */
    public static Program of(String label, List<String> command) {
        return new Program(label, command, null, null);
    }

    /**
     * @return this program, checked
     * @throws LaunchException naming the problem when the label or command is unusable
     */
    public Program validate() {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new LaunchException("invalid label " + (label == null ? "(none)" : "'" + label + "'")
                + ": use 1 to 200 letters, digits and . _ - / : @ +, for example github.com/relab/goxos/kvs/kvsd");
        }
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new LaunchException("program " + label + " has no command: give the executable and its arguments");
        }
        if (command.stream().anyMatch(arg -> arg == null)) {
            throw new LaunchException("program " + label + " has a null argument in its command");
        }
        return this;
    }
}
