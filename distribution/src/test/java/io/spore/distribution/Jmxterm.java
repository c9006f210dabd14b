package io.spore.distribution;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * jmxterm run the way an administrator's script runs it: {@code java -jar jmxterm-uber.jar -n} as its own process,
 * with the script on standard input; its output comes back whole. The jar is the one Maven fetched for the tests
 * (system property {@code jmxterm.jar}).
 */
final class Jmxterm {
    private Jmxterm() {
    }

    /** @return jmxterm's output (standard output and error merged) after it ran {@code script} and exited */
    static String run(Path workDir, String script) throws IOException, InterruptedException {
        return run(workDir, List.of(), script);
    }

    /**
     * @param jvmOptions options of jmxterm's JVM, before {@code -jar} (a truststore, for a connector over TLS)
     * @return jmxterm's output (standard output and error merged) after it ran {@code script} and exited
     */
    static String run(Path workDir, List<String> jvmOptions, String script) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("jmxterm.jar", "target/jmxterm/jmxterm-uber.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no jmxterm jar at " + jar.toAbsolutePath() + ": run the ITs through mvn verify, which fetches it");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = Files.createTempFile(workDir, "jmxterm-", ".out");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "-n"));
        Process process = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        try (Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            stdin.write(script);
        }
        Duration timeout = Duration.ofSeconds(60);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("jmxterm did not finish its script within " + timeout.toSeconds() + " s:\n"
                + Files.readString(output));
        }
        return Files.readString(output);
    }
}
