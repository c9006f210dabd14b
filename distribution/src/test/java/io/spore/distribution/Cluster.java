package io.spore.distribution;

import io.spore.testsupport.FreePorts;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Real nodes for one test: {@code bin/spore node} processes on loopback that share a cookie file and a name service
 * port of their own, in the test's temporary folder, so tests never meet each other's nodes or the user's. Each node
 * starts with the examples and the probe bundle in its deploy folder, and a shell. {@link #close()} ends every node,
 * whatever state the test left it in.
 */
final class Cluster implements AutoCloseable {
    private final Path dir;
    private final Path cookie;
    private final int nameServicePort;
    private final Path probeJar;
    private final List<ClusterNode> nodes = new ArrayList<>();

    /** @param dir a folder of the test's own */
    Cluster(Path dir) throws IOException, URISyntaxException {
        this(dir, null, FreePorts.tcp());
    }

    /**
     * A cluster that joins nodes started otherwise (e.g. by a node manager) with their cookie and name service.
     *
     * @param dir             a folder of the test's own, created if missing
     * @param cookie          the cookie file, or {@code null} for a new one in {@code dir}
     * @param nameServicePort the name service port
     */
    Cluster(Path dir, Path cookie, int nameServicePort) throws IOException, URISyntaxException {
        this.dir = Files.createDirectories(dir);
        this.cookie = cookie != null ? cookie : writeCookie(dir.resolve("cookie"));
        this.nameServicePort = nameServicePort;
        this.probeJar = TestBundleJar.buildProbe(dir.resolve("probe.jar"));
    }

    /** @return a new cookie file of mode 0600 holding a random secret */
    static Path writeCookie(Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n",
            StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** @return the cookie file every node of this cluster uses unless told otherwise */
    Path cookie() {
        return cookie;
    }

    /** @return this cluster's name service port */
    int nameServicePort() {
        return nameServicePort;
    }

    /** @return the folder of the test */
    Path dir() {
        return dir;
    }

    /**
     * Starts {@code bin/spore node --name NAME@localhost --shell} with this cluster's cookie and name service, and
     * returns at once; {@link ClusterNode#awaitUp()} waits for it.
     *
     * @param name  the node's name, {@code name@host}
     * @param extra more options; a {@code --cookie-file} among them replaces the cluster's, a {@code --state-dir}
     *              the node's {@code state/NAME@HOST} in its folder
     */
    ClusterNode start(String name, String... extra) throws IOException {
        return start(List.of(), name, extra);
    }

    /** As {@link #start(String, String...)}, with more bundles in the node's deploy folder from the start. */
    ClusterNode startWith(List<Path> bundles, String name, String... extra) throws IOException {
        return start(List.of(), bundles, name, extra);
    }

    /** As {@link #start(String, String...)}, run through {@code prefix} (e.g. {@code ip netns exec NS}). */
    ClusterNode start(List<String> prefix, String name, String... extra) throws IOException {
        return start(prefix, List.of(), name, extra);
    }

    /** As {@link #startWith(List, String, String...)}, run through {@code prefix} (e.g. {@code ip netns exec NS}). */
    ClusterNode startWith(List<String> prefix, List<Path> bundles, String name, String... extra) throws IOException {
        return start(prefix, bundles, name, extra);
    }

    private ClusterNode start(List<String> prefix, List<Path> bundles, String name, String... extra)
        throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(name.replace('@', '_') + "-" + nodes.size()));
        Path deploy = Files.createDirectories(nodeDir.resolve("deploy"));
        Path examples = TestDistribution.home().examplesBundle();
        Files.copy(examples, deploy.resolve(examples.getFileName()));
        Files.copy(probeJar, deploy.resolve(probeJar.getFileName()));
        for (Path bundle : bundles) {
            Files.copy(bundle, deploy.resolve(bundle.getFileName()));
        }
        List<String> args = new ArrayList<>(List.of("node", "--name", name, "--shell", "--deploy", deploy.toString(),
            "--name-service-port", Integer.toString(nameServicePort)));
        if (!List.of(extra).contains("--cookie-file")) {
            args.addAll(List.of("--cookie-file", cookie.toString()));
        }
        if (!List.of(extra).contains("--state-dir")) {
            // Where the node kept its state before it moved to ~/.spore: the test's folder, never the user's home.
            args.addAll(List.of("--state-dir", nodeDir.resolve("state").resolve(name).toString()));
        }
        args.addAll(List.of(extra));
        ClusterNode node = new ClusterNode(name, SporeProcess.start(nodeDir, prefix, args.toArray(String[]::new)),
            deploy);
        nodes.add(node);
        return node;
    }

    /** Starts several nodes at once, then waits for all of them: their JVMs start side by side. */
    List<ClusterNode> startAll(String... names) throws IOException, InterruptedException {
        List<ClusterNode> started = new ArrayList<>();
        for (String name : names) {
            started.add(start(name));
        }
        for (ClusterNode node : started) {
            node.awaitUp();
        }
        return started;
    }

    /**
     * Runs a client command ({@code spore send|call|ping …}) with this cluster's cookie and name service, and waits
     * for it to exit.
     */
    SporeProcess client(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--cookie-file", cookie.toString(),
            "--name-service-port", Integer.toString(nameServicePort)));
        SporeProcess client = SporeProcess.start(dir, command.toArray(String[]::new));
        client.closeInput();
        client.awaitExit(timeout);
        return client;
    }

    @Override
    public void close() {
        for (ClusterNode node : nodes) {
            node.close();
        }
    }
}
