package io.spore.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One short {@code bin/spore} command run to its end: its status and its merged output. */
record SporeRun(int status, String output) {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Runs {@code bin/spore ARGS} in {@code dir} and waits for it. */
    static SporeRun run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, List.of(), args);
    }

    /** Runs {@code PREFIX bin/spore ARGS} (e.g. as another user) in {@code dir} and waits for it. */
    static SporeRun run(Path dir, List<String> prefix, String... args) throws IOException, InterruptedException {
        return run(TestDistribution.script(), dir, prefix, args);
    }

    /** Runs {@code PREFIX SCRIPT ARGS}, where SCRIPT is a {@code bin/spore} (e.g. of a copy), in {@code dir}. */
    static SporeRun run(Path script, Path dir, List<String> prefix, String... args)
        throws IOException, InterruptedException {
        try (SporeProcess process = SporeProcess.start(script, dir, prefix, args)) {
            process.closeInput();
            int status = process.awaitExit(TIMEOUT);
            return new SporeRun(status, process.output());
        }
    }

    /** @return {@code launch --socket SOCKET} followed by {@code args} */
    static String[] launch(Path socket, String... args) {
        List<String> all = new ArrayList<>(List.of("launch", "--socket", socket.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
