package io.spore.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a program's executable as exec would: a path with a slash as given, else the first match on PATH. */
final class Executables {
    private Executables() {
    }

    /**
     * @throws LaunchException when the executable does not exist or cannot be executed, saying which
     */
    static void require(Program program) {
        String name = program.command().get(0);
        Path base = program.dir() == null ? Path.of("") : Path.of(program.dir());
        if (name.indexOf('/') >= 0) {
            Path path = base.resolve(name);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new LaunchException("cannot start " + program.label() + " (" + name + "): "
                    + (Files.exists(path) ? "not an executable file" : "no such file"));
            }
            return;
        }
        String pathVariable = program.env() != null && program.env().containsKey("PATH") ? program.env().get("PATH")
            : System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = base.resolve(dir.isEmpty() ? "." : dir).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return;
                }
            }
        }
        throw new LaunchException("cannot start " + program.label() + " (" + name + "): not found on the launcher's"
            + " PATH; give the full path");
    }
}
