package io.spore.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One short command (Karaf's {@code bin/client} or {@code bin/stop}, Spore's {@code bin/spore}) run to its end within
 * a deadline: its status and its merged output, read from a file so a chatty command can never block on a full pipe.
 */
record CommandRun(int status, String output) {
    /** The status given to a command that did not end in time (and was killed). */
    static final int TIMED_OUT = -1;

    /**
     * @param command the command and its arguments
     * @param env     variables added to the test's environment
     * @param input   what the command reads on its standard input (then end of input)
     * @param timeout how long it may run before it is killed
     */
    static CommandRun run(List<String> command, Map<String, String> env, String input, Duration timeout)
        throws IOException, InterruptedException {
        Path out = Files.createTempFile("spore-features-", ".out");
        Path in = Files.writeString(Files.createTempFile("spore-features-", ".in"), input);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(in.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new CommandRun(TIMED_OUT, Files.readString(out, StandardCharsets.UTF_8));
            }
            return new CommandRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(in);
        }
    }

    @Override
    public String toString() {
        return "status " + status + ", output:\n" + output;
    }
}
