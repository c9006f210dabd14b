package io.spore.features;

import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The features repository in a stock Apache Karaf 4.4 (the minimal archive from Maven Central), once for the class:
 * Karaf is set up as the README tells a user (two system packages, the JVM's add-opens), the node and its transport
 * are configured through Config Admin ({@code etc/io.spore.node.cfg}, {@code etc/io.spore.transport.cfg}), the
 * repository is added by its Maven URL and the features installed from it; then a node outside Karaf (the
 * distribution's {@code bin/spore}) spawns a process on the Karaf node and calls it, and Karaf's own shell runs the
 * {@code spore:*} commands.
 */
@Timeout(420)
class KarafFeatureIT {
    private static final String NODE = "karaf@localhost";
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> FEATURES =
        List.of("spore", "spore-shell", "spore-jmx", "spore-metrics", "spore-examples");
    private static final List<String> BUNDLES = List.of("org.agrona", "io.spore.api", "io.spore.wire", "io.spore.core",
        "io.spore.transport", "io.spore.shell", "io.spore.jmx", "io.spore.metrics", "io.spore.examples");
    private static final Pattern PID = Pattern.compile("^<?" + Pattern.quote(NODE) + "\\.\\d+\\.-?\\d+>?$");

    private static Path work;
    private static KarafHome home;
    private static KarafServer karaf;
    private static Path cookie;
    private static Path userHome;
    private static int transportPort;
    private static int nameServicePort;
    private static int metricsPort;

    @BeforeAll
    static void installTheFeaturesInKaraf() throws Exception {
        work = Path.of("target", "karaf-it").toAbsolutePath();
        home = KarafHome.copy(work.resolve("karaf"));
        userHome = Files.createDirectories(work.resolve("home"));
        cookie = work.resolve("cookie");
        CommandRun made = spore("cookie", "--generate", "--force", "--file", cookie.toString());
        assertEquals(0, made.status(), made.toString());

        Path repository = Path.of(KarafHome.required("spore.karaf.repo"));
        publishFeatures(repository);
        int sshPort = FreePorts.tcp();
        transportPort = FreePorts.udp();
        nameServicePort = FreePorts.tcp();
        metricsPort = FreePorts.tcp();
        home.exportSystemPackages().resolveFrom(repository).sshOnLoopback(sshPort)
            .configure("io.spore.node", Map.of("spore.node.name", NODE, "spore.workers", "2"))
            .configure("io.spore.transport", Map.of("spore.transport.port", String.valueOf(transportPort),
                "spore.nameservice.port", String.valueOf(nameServicePort),
                "spore.cookie.file", cookie.toString()))
            .configure("io.spore.metrics", Map.of("spore.metrics.port", String.valueOf(metricsPort)));

        karaf = KarafServer.start(home, sshPort, userHome, work.resolve("console.log"));
        // The first ssh session waits for Karaf to make its host key.
        Await.until("Karaf's shell answers over ssh\n" + home.log(), BOOT,
            () -> karaf.alive() && shell("shell:echo ready").output().contains("ready"));

        String version = KarafHome.required("spore.version");
        CommandRun added = shell("feature:repo-add mvn:io.spore/spore-features/" + version + "/xml/features");
        assertEquals(0, added.status(), added.toString());
        CommandRun installed = shell("feature:install " + String.join(" ", FEATURES));
        assertEquals(0, installed.status(), installed + "\n" + home.log());
        Await.until("the node listens on its configured port\n" + home.log(), DEADLINE,
            () -> home.log().contains(NODE + " listens for nodes on UDP 127.0.0.1:" + transportPort));
    }

    /** Puts the features file where its Maven URL points, in the folder the build filled (mvn verify installs none). */
    private static void publishFeatures(Path repository) throws IOException {
        String version = KarafHome.required("spore.version");
        Path folder = Files.createDirectories(repository.resolve("io/spore/spore-features").resolve(version));
        Files.copy(Path.of(KarafHome.required("spore.features.file")),
            folder.resolve("spore-features-" + version + "-features.xml"),
            StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.stop();
            assertTrue(karaf.stoppedCleanly(), "bin/stop ended Karaf\n" + home.log());
        }
    }

    private static CommandRun shell(String command) {
        try {
            return karaf.client(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the distribution's {@code bin/spore} with the test's home, so nothing lands in the real ~/.spore. */
    private static CommandRun spore(String... args) throws IOException, InterruptedException {
        Path script = Path.of(KarafHome.required("spore.home"), "bin", "spore");
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        return CommandRun.run(command, Map.of("JAVA_HOME", System.getProperty("java.home"),
            "JAVA_OPTS", "-Duser.home=" + userHome), "", DEADLINE);
    }

    /** {@code bin/spore} as a client node of the cluster: Karaf's node's name service and cookie. */
    private static CommandRun client(String command, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(command, "--node", NODE,
            "--cookie-file", cookie.toString(), "--name-service-port", String.valueOf(nameServicePort),
            "--timeout", "10s"));
        all.addAll(List.of(args));
        return spore(all.toArray(String[]::new));
    }

    @Test
    void aNodeOutsideKarafSpawnsOnTheKarafNodeAndCallsIt() throws Exception {
        Await.until("the examples' factories are offered\n" + home.log(), DEADLINE,
            () -> shell("spore:factories").output().contains("echo"));

        CommandRun spawned = client("spawn", "--register", "outside-echo", "echo");
        assertEquals(0, spawned.status(), spawned + "\n" + home.log());
        String pid = spawned.output().strip();
        assertTrue(PID.matcher(pid).matches(), "a pid of the Karaf node: " + spawned);

        CommandRun called = client("call", "--to", "outside-echo", "hello", "from", "outside");
        assertEquals(0, called.status(), called + "\n" + home.log());
        assertEquals("hello from outside", called.output().strip());

        // Karaf's shell sees the same process, by name and pid, and calls it too.
        String names = shell("spore:names").output();
        assertTrue(names.contains("outside-echo") && names.contains(pid.replaceAll("[<>]", "")), names);
        assertEquals("hello from karaf", shell("spore:call outside-echo hello from karaf").output().strip());
        String stats = shell("spore:stats").output();
        assertTrue(Pattern.compile("(?m)^remoteSpawned +[1-9]").matcher(stats).find(), stats);
    }

    @Test
    void theConfiguredMetricsEndpointServesTheKarafNode() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("spore_processes{node=\"" + NODE + "\"}"), response.body());
    }

    @Test
    void everyFeatureIsInstalledAndEveryBundleActive() {
        String features = shell("feature:list -i").output();
        for (String feature : FEATURES) {
            assertTrue(lineMatches(features, feature + " +\\|.*"), feature + " is installed\n" + features);
        }
        String bundles = shell("bundle:list -s").output();
        for (String bundle : BUNDLES) {
            assertTrue(lineMatches(bundles, ".*\\| Active +\\|.*\\| " + Pattern.quote(bundle) + " *"),
                bundle + " is active\n" + bundles);
        }
    }

    private static boolean lineMatches(String text, String line) {
        return Pattern.compile("(?m)^" + line + "$").matcher(text).find();
    }

    @Test
    void karafsConfigCommandsReadAndChangeTheTransportsSettings() {
        String properties = shell("config:property-list -p io.spore.transport").output();
        assertTrue(properties.contains("spore.transport.port = " + transportPort), properties);

        CommandRun set = shell("config:property-set -p io.spore.transport spore.detection.timeout.ms 5000");
        assertEquals(0, set.status(), set.toString());
        Await.until("the running transport takes the new detection timeout\n" + home.log(), DEADLINE,
            () -> home.log().contains("the transport of " + NODE + " applies the changed configuration"
                + " io.spore.transport at once: heartbeat 300 ms, detection timeout 5000 ms"));
    }
}
