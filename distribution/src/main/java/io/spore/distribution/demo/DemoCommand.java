package io.spore.distribution.demo;

import io.spore.api.NodeName;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.DistributionHome;
import io.spore.distribution.framework.Folders;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.distribution.framework.NodeConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spore demo}: starts a node {@code demo@localhost} in this JVM and a second node {@code other@localhost} in
 * a JVM of its own, with a cookie and a name service port of their own in a temporary folder, so nothing of the
 * user's (the cookie in {@code ~/.spore}, nodes already running) is touched. {@link DemoStory} tells the one-node
 * story, {@link TwoNodeStory} the two-node one; then both nodes stop and the folder goes. Needs no set-up.
 */
@Command(name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Shows Spore on one machine, with no set-up.",
        "Starts a node demo@localhost, deploys the example bundle (factories and the examples application, a",
        "supervisor of three workers), spawns echo, counter, logger and greeter, sends and calls, crashes a worker",
        "and shows it restarted, then removes the bundle and shows that its tree stops, its factories go and its",
        "processes end. Then a second node, other@localhost, in a JVM of its own: demo@localhost spawns echo there",
        "(a remote spawn: refused by other's access list, then allowed by its operator), calls it, sends it a",
        "message with a pid inside and gets the answer, supervises a worker on other (crashed, restarted there),",
        "kills the second node and shows a monitor firing with noconnection."
    })
public final class DemoCommand implements Callable<Integer> {
    static final NodeName DEMO_NODE = NodeName.parse("demo@localhost");
    static final NodeName OTHER_NODE = NodeName.parse("other@localhost");
    /** Short, so the demo does not wait long for the killed node; the defaults are 1s and 3s. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(250);
    static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Log the framework's, FileInstall's and SCR's debug messages too.")
    boolean verbose;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (verbose) {
            OneLineLogging.verbose();
        }
        PrintWriter out = spec.commandLine().getOut();
        DistributionHome home = DistributionHome.locate();
        Path examples = home.examplesBundle();
        Path workDir = Files.createTempDirectory("spore-demo-");
        try {
            Path cookie = writeCookie(workDir.resolve("cookie"));
            int nameServicePort = freeTcpPort();
            // The second node starts first, so its JVM comes up while this node tells the one-node story.
            Path otherDir = Files.createDirectories(workDir.resolve("other"));
            Files.copy(examples, Files.createDirectories(otherDir.resolve("deploy")).resolve(examples.getFileName()));
            List<String> network = List.of("--cookie-file", cookie.toString(),
                "--name-service-port", Integer.toString(nameServicePort),
                "--heartbeat-interval", DurationConverter.format(HEARTBEAT_INTERVAL),
                "--detection-timeout", DurationConverter.format(DETECTION_TIMEOUT));
            // Both of its folders in the demo's own: the demo leaves nothing in ~/.spore.
            List<String> otherOptions = new ArrayList<>(List.of("--deploy", otherDir.resolve("deploy").toString(),
                "--state-dir", otherDir.resolve("state").toString()));
            otherOptions.addAll(network);
            NodeConfig config = new NodeConfig()
                .name(DEMO_NODE)
                .deployDir(workDir.resolve("deploy"))
                .dataDir(workDir.resolve("data"))
                .verbose(verbose)
                .bundles(home.bundles())
                .cookieFile(cookie)
                .nameServicePort(nameServicePort)
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .detectionTimeout(DETECTION_TIMEOUT);
            try (DemoPeer other = DemoPeer.start(home, OTHER_NODE, otherDir, otherOptions)) {
                out.println("Starting node " + DEMO_NODE + " in this JVM, with the deploy folder "
                    + workDir.resolve("deploy") + ", and " + OTHER_NODE + " in a JVM of its own.");
                out.flush();
                try (FrameworkNode embedded = FrameworkNode.start(config)) {
                    new DemoStory(embedded, examples, out).tell();
                    new TwoNodeStory(embedded.node(), other, DETECTION_TIMEOUT, out).tell();
                    out.println("Stopping the node.");
                    out.flush();
                }
            }
            out.println("node " + DEMO_NODE + " stopped; the demo is over.");
            out.flush();
            return 0;
        } finally {
            Folders.deleteTree(workDir);
        }
    }

    /** A cookie for the demo's two nodes alone, so the user's ~/.spore/cookie is neither made nor read. */
    private static Path writeCookie(Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n",
            StandardCharsets.UTF_8);
        return file;
    }

    /** A name service port of the demo's own: nodes already running on this host are not its business. */
    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
