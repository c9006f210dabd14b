package io.spore.benchmarks;

import io.spore.api.NodeName;
import io.spore.transport.WireSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A node started from the built distribution, {@code bin/spore node}, as its own JVM: how users run nodes. It has
 * the receiver bundle ({@link ReceiverBundle}) in its deploy folder, a shell on standard input (so it stops when
 * the benchmark's JVM goes away, see {@link ChildProcess}), {@link EmbeddedNode#WORKER_THREADS} workers, the
 * driver threading and idle strategy of the benchmark's own node ({@code -Dspore.bench.threading} and
 * {@code -Dspore.bench.idleStrategy}, as {@code --threading} and {@code --idle-strategy}; by default an embedded
 * media driver in {@code SHARED} threading with the backoff idle strategy) and the transport's defaults otherwise.
 * Its output is in {@code node.log} in the benchmark's temporary folder.
 *
 * <p>The distribution is {@code distribution/target/spore} beside the {@code benchmarks/target} the jar was built
 * in, or the folder {@code -Dspore.bench.distribution} names.
 */
final class NodeProcess implements AutoCloseable {
    /** The folder of the built distribution, when given. */
    static final String DISTRIBUTION_PROPERTY = "spore.bench.distribution";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final ChildProcess child;

    private NodeProcess(ChildProcess child) {
        this.child = child;
    }

    /**
     * Starts the node and waits until it says it is up (its bundles may still be starting: spawn with a retry).
     *
     * @param name            the node's name
     * @param dir             a folder of the benchmark's own, for the node's folders and log
     * @param cookie          the cookie file
     * @param nameServicePort the name service's port; the node serves it when nothing does yet
     * @param wireSecurity    how it protects its frames
     * @throws IllegalStateException when it does not come up in time, with the end of its output
     */
    static NodeProcess start(NodeName name, Path dir, Path cookie, int nameServicePort, WireSecurity wireSecurity) {
        Path deploy = privateDir(dir.resolve("deploy"));
        ReceiverBundle.write(deploy.resolve("receiver.jar"));
        List<String> command = new ArrayList<>(List.of(script().toString(), "node", "--name", name.toString(),
            "--shell", "--cookie-file", cookie.toString(), "--name-service-port", Integer.toString(nameServicePort),
            "--deploy", deploy.toString(), "--data-dir", dir.resolve("data").toString(),
            "--state-dir", dir.resolve("state").toString(), "--workers", Integer.toString(EmbeddedNode.WORKER_THREADS),
            "--wire-security", wireSecurity.name().toLowerCase(Locale.ROOT),
            "--threading", LoopbackNodes.THREADING_SETTING, "--idle-strategy", LoopbackNodes.IDLE_STRATEGY));
        if (wireSecurity == WireSecurity.NONE) {
            command.add("--insecure-network");
        }
        // The JDK of this JVM, whatever the PATH holds; a home of its own, so nothing lands in the user's ~/.spore.
        ChildProcess child = ChildProcess.start("node", command, dir,
            "JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "-Duser.home=" + dir);
        try {
            String up = "node " + name + " up";
            child.await(() -> child.output().contains(up), "'" + up + "'", STARTUP);
            return new NodeProcess(child);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** @return an error about the node, with the end of its output */
    IllegalStateException failure(String message) {
        return child.failure(message);
    }

    /** @return whether the node's JVM still runs */
    boolean isAlive() {
        return child.isAlive();
    }

    /** Stops the node: end of its shell's input, then signals, bounded in time. */
    @Override
    public void close() {
        child.close();
    }

    /** @return {@code bin/spore} of the built distribution */
    static Path script() {
        Path home = distribution();
        Path script = home.resolve("bin").resolve("spore");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no distribution at " + home + " (" + script + " is missing): build it"
                + " with 'mvn -o -q -B -DskipTests -pl distribution -am package', or name one with -jvmArgsPrepend -D"
                + DISTRIBUTION_PROPERTY + "=DIR");
        }
        return script;
    }

    private static Path distribution() {
        String given = System.getProperty(DISTRIBUTION_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        try {
            // benchmarks/target/benchmarks.jar (or benchmarks/target/classes) -> distribution/target/spore
            Path codeSource = Path.of(NodeProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent().getParent().getParent().resolve("distribution").resolve("target")
                .resolve("spore");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("distribution", "target", "spore").toAbsolutePath();
        }
    }

    private static Path privateDir(Path dir) {
        try {
            // The node refuses a deploy folder that group or others could write.
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
