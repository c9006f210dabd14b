package io.spore.features;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Karaf started with {@code bin/karaf server} as a child process, driven through {@code bin/client} (Karaf's ssh
 * console) and stopped with {@code bin/stop}, then killed if it has not ended in time. {@link #stop()} always ends
 * it.
 */
final class KarafServer {
    /** What Agrona needs of the JVM: the README's EXTRA_JAVA_OPTS. */
    static final String ADD_OPENS = "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED"
        + " --add-opens java.base/java.util.zip=ALL-UNNAMED";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Colours and other terminal escapes Karaf's shell prints even to a pipe. */
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private final KarafHome home;
    private final int sshPort;
    private final Map<String, String> env;
    private final Process process;

    private KarafServer(KarafHome home, int sshPort, Map<String, String> env, Process process) {
        this.home = home;
        this.sshPort = sshPort;
        this.env = env;
        this.process = process;
    }

    /**
     * Starts Karaf in {@code home}, its console output going to {@code console}.
     *
     * @param userHome the JVM's {@code user.home}, so nothing the node makes lands in the real home
     */
    static KarafServer start(KarafHome home, int sshPort, Path userHome, Path console) throws IOException {
        // The same JDK as the tests, and the small heap Karaf's scripts default to.
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"),
            "EXTRA_JAVA_OPTS", ADD_OPENS + " -Duser.home=" + userHome);
        ProcessBuilder builder = new ProcessBuilder(bin(home, "karaf").toString(), "server")
            .directory(home.root().toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().putAll(env);
        return new KarafServer(home, sshPort, env, builder.start());
    }

    private static Path bin(KarafHome home, String script) {
        return home.root().resolve("bin").resolve(script);
    }

    /**
     * Runs one command in Karaf's shell through {@code bin/client} (in batch mode, which reads it from standard
     * input) and returns what it printed, without terminal escapes.
     */
    CommandRun client(String command) throws IOException, InterruptedException {
        CommandRun run = CommandRun.run(List.of(bin(home, "client").toString(), "-h", "127.0.0.1",
                "-a", String.valueOf(sshPort), "-u", KarafHome.ADMIN, "-p", KarafHome.ADMIN, "-b"),
            env, command + "\n", COMMAND_TIMEOUT);
        return new CommandRun(run.status(), ESCAPES.matcher(run.output()).replaceAll(""));
    }

    /** @return whether the Karaf process still runs */
    boolean alive() {
        return process.isAlive();
    }

    /** Stops Karaf with {@code bin/stop}, as an administrator would, and kills it if it has not ended in time. */
    void stop() throws IOException, InterruptedException {
        if (process.isAlive()) {
            CommandRun.run(List.of(bin(home, "stop").toString()), env, "", STOP_TIMEOUT);
        }
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return whether {@link #stop()} ended Karaf with bin/stop alone */
    boolean stoppedCleanly() {
        return !process.isAlive() && process.exitValue() == 0;
    }
}
