package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.launcher.Program;
import io.spore.launcher.ProgramFile;
import io.spore.launcher.Request;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code spore launch submit}: starts one labelled program, or every program of a JSON file, all or none. */
@Command(name = "submit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Starts a program under a label: spore launch submit -l p1 -p sleep 120. A label is taken while its program"
            + " runs.",
        "With --file, starts every program of a JSON file, all or none: {\"programs\": [{\"label\":"
            + " \"github.com/relab/goxos/kvs/kvsd\", \"command\": [\"kvsd\", \"-v\"], \"dir\": \"/srv\", \"env\":"
            + " {\"K\": \"V\"}}]}. '--file -' reads standard input.",
        ""
    })
final class LaunchSubmitCommand extends LaunchClientCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @ArgGroup(exclusive = false)
        One one;

        @Option(names = {"-f", "--file"}, paramLabel = "PROGRAMS.json", required = true,
            description = "A JSON file of programs; - for standard input.")
        String file;
    }

    static final class One {
        @Option(names = {"-l", "--label"}, paramLabel = "LABEL", required = true,
            description = "The program's label, e.g. p1 or github.com/relab/goxos/kvs/kvsd.")
        String label;

        @Option(names = {"-p", "--program"}, paramLabel = "COMMAND", required = true,
            description = "The command to run; the words after it are its arguments.")
        String program;

        @Parameters(paramLabel = "ARGS", arity = "0..*", description = "The command's arguments.")
        List<String> args = new ArrayList<>();
    }

    @Override
    Request request() {
        if (what.one != null) {
            List<String> command = new ArrayList<>();
            command.add(what.one.program);
            command.addAll(what.one.args);
            return Request.submit(List.of(Program.of(what.one.label, command)));
        }
        return Request.submit(ProgramFile.parse(readFile(), what.file));
    }

    private String readFile() {
        try {
            return "-".equals(what.file) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(what.file));
        } catch (IOException e) {
            throw new ActionableException("cannot read the program file " + what.file + ": " + e);
        }
    }

    @Override
    List<String> remoteArguments() {
        if (what.one != null) {
            List<String> args = new ArrayList<>(List.of("-l", what.one.label, "-p", what.one.program));
            if (!what.one.args.isEmpty()) {
                // So that arguments beginning with - reach the program, not the remote option parser.
                args.add("--");
                args.addAll(what.one.args);
            }
            return args;
        }
        return List.of("--file", "-");
    }

    @Override
    Path remoteInput() {
        if (what.one != null) {
            return null;
        }
        if ("-".equals(what.file)) {
            throw new ActionableException("--file - with --host: give a file name, its content is sent to the host");
        }
        // Checked here, so a bad file fails before ssh runs.
        ProgramFile.parse(readFile(), what.file);
        return Path.of(what.file);
    }
}
