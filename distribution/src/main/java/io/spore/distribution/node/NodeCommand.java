package io.spore.distribution.node;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.NetworkOptions;
import io.spore.distribution.cli.NodeNameConverter;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.cli.PortConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.DistributionHome;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.distribution.framework.NodeConfig;
import io.spore.distribution.framework.NodeFolders;
import io.spore.launcher.HostPort;
import io.spore.launcher.NodeAgent;
import io.spore.registry.member.MemberAddresses;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@code spore node}: runs one node in the foreground until Ctrl-C or SIGTERM, or until the framework stops
 * ({@code stop 0} in the shell, or the end of the shell's input).
 */
@Command(name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs a Spore node in the foreground until Ctrl-C.",
        "Bundles dropped into the deploy folder are installed and started; removing them uninstalls them.",
        "With --shell, the Gogo shell reads commands (spore:factories, spore:spawn, ...) from standard input;"
            + " 'stop 0' or the end of input (Ctrl-D) stops the node.",
        "Other nodes reach this one over UDP (Aeron) once they prove they hold the same cookie; they find it by"
            + " its name through the host's name service, or through a --route.",
        ""
    })
public final class NodeCommand implements Callable<Integer> {
    /** How the transport's activator begins its line about a failed start; the rest is the reason. */
    private static final Pattern TRANSPORT_PREFIX = Pattern.compile("^the transport of \\S+ did not start[^:]*: ");

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node's name, for example demo@localhost. Required, except with --test.")
    NodeName name;

    @Option(names = "--test",
        description = "Check that this host can run nodes (Java, the distribution's bundles), print a success line"
            + " and exit 0, as Mozart's '--test' does: 'ssh HOST spore node --test' proves a host ready for"
            + " 'spore start-node --host HOST'.")
    boolean test;

    @Option(names = "--manager", paramLabel = "ADDR:PORT",
        description = "Started by a node manager (spore start-node): connect back to ADDR:PORT, prove the token read"
            + " from standard input (it never crosses the connection), and answer its requests over the sealed"
            + " channel. Unless --detached, the node ends when that channel or standard input ends (its creator is"
            + " gone) or the channel refuses a record.")
    String manager;

    @Option(names = "--detached", description = "With --manager: outlive the creator.")
    boolean detached;

    @Option(names = "--log-file", paramLabel = "FILE",
        description = "Append the node's output to FILE. With --manager --detached the output goes to the creator"
            + " until the node is up and connected, then to FILE (default: ~/.spore/nodes/NAME@HOST/node.log), so"
            + " nothing is lost once the creator has gone.")
    Path logFile;

    @Option(names = "--allow-bundle-install", paramLabel = "NODE", split = ",",
        description = "With --manager: accept bundles shipped by these creators (by the name they give, e.g."
            + " creator-123@host). Off by default; every installation is logged.")
    List<String> allowBundleInstall;

    @Option(names = "--deploy", paramLabel = "DIR",
        description = "Folder watched for bundles; created with mode 700 if missing, refused if another user owns it"
            + " or group or others can write it (default: ~/.spore/nodes/NAME@HOST/deploy).")
    Path deployDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Folder for the framework's cache, cleaned at start (default: a temporary folder).")
    Path dataDir;

    @Option(names = "--workers", paramLabel = "N",
        description = "Scheduler threads (default: one per core).")
    Integer workers;

    @Option(names = "--mailbox-limit", paramLabel = "N",
        description = "Most messages and calls from other nodes that may wait in a process's mailbox, for processes"
            + " that set no limit of their own; past it the sending node is back-pressured (default: none).")
    Integer mailboxLimit;

    @Option(names = "--no-remote-spawn", negatable = false,
        description = "Refuse every remote spawn (answered REMOTE_SPAWN_DISABLED, and advertised to peers so they"
            + " refuse at once). By default other nodes may spawn the factories their access lists allow.")
    boolean noRemoteSpawn;

    @Option(names = "--expose-env-remote-spawn",
        description = "Send the spawning process's environment with the remote spawns this node requests (off by"
            + " default: the environment may hold secrets).")
    boolean exposeEnvRemoteSpawn;

    @Option(names = "--shell", description = "Read shell commands from standard input.")
    boolean shell;

    @Option(names = "--verbose", description = "Log the framework's, FileInstall's and SCR's debug messages too.")
    boolean verbose;

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
        description = "UDP port other nodes reach this one on; 0 picks a free one (default: 0). The name service"
            + " tells other nodes which.")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR",
        description = "Address of this host to receive on. Default: 127.0.0.1 when the node's host is localhost"
            + " or a 127.x address, else every interface (0.0.0.0).")
    String bindAddress;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Time between heartbeats to each connected node, e.g. 300ms or 1s (default: 300ms).")
    Duration heartbeatInterval;

    @Option(names = "--identity", paramLabel = "KEYSTORE",
        description = "This node's identity: a PKCS#12 keystore with its key and a certificate for its name (spore"
            + " identity create NAME@HOST makes one). Turns identities on: every node this one talks to must prove its"
            + " name with a certificate the trust store accepts, or is refused.")
    Path identity;

    @Option(names = "--trust", paramLabel = "TRUSTSTORE",
        description = "The certificates (CAs or pinned node certificates) this node accepts peers by, with"
            + " --identity. Default: ~/.spore/trust.p12 (spore identity trust adds to it).")
    Path trust;

    @Option(names = "--identity-password-file", paramLabel = "FILE",
        description = "The file with the password of the keystore and the trust store (mode 600)."
            + " Default: ~/.spore/identity.password.")
    Path identityPasswordFile;

    @Option(names = "--detection-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Silence, counted from when a connected node's next heartbeat was due, after which it is declared"
            + " down: its links and monitors fire with noconnection and calls waiting on it fail. A connection"
            + " survives any outage shorter than this less one heartbeat interval (2.7s with the defaults). At least"
            + " twice the heartbeat interval (default: 3s).")
    Duration detectionTimeout;

    @Option(names = "--close-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long an orderly stop waits for every node this one sent to to acknowledge all it sent"
            + " (lost datagrams are sent again meanwhile) before it says goodbye; a node that does not is named in a"
            + " warning (default: 5s).")
    Duration closeTimeout;

    @Option(names = "--term-length", paramLabel = "BYTES",
        description = "Bytes in each of the three terms of every stream's log to a peer, a power of two from 262144:"
            + " a busy peer pins about 12 terms of /dev/shm on each side, and longer messages travel in pieces. Raise"
            + " it only for a link whose bandwidth-delay product exceeds half a term (default: 524288).")
    Integer termLength;

    @Option(names = "--max-message-size", paramLabel = "BYTES",
        description = "Bytes in the largest message body this node sends or accepts, up to 1073741824 (1 GiB); a"
            + " longer one is refused on its sender with MESSAGE_TOO_LARGE. Every node that exchanges such messages"
            + " needs it (default: 1048576).")
    Integer maxMessageSize;

    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "Folder for what the node keeps across restarts: access lists changed over JMX or the shell,"
            + " and the generated JMX password and access files; created with mode 700 if missing, refused if"
            + " another user owns it or group or others can write it (default: ~/.spore/nodes/NAME@HOST/state).")
    Path stateDir;

    @Option(names = "--registry", paramLabel = "HOST:PORT,...",
        description = "Join the registry whose members are these (as spore registry --members has them): global names,"
            + " process groups, and the other members found with no routes (discovery order routes,registry,"
            + "nameservice unless --discovery says otherwise). The node starts and runs whether or not the registry"
            + " answers; registry operations fail until it does.")
    String registry;

    @Mixin
    NetworkOptions network;

    @Mixin
    JmxOptions jmx;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    TransportThreadOptions threads;

    @Override
    public Integer call() throws InterruptedException {
        if (test) {
            return selfTest();
        }
        if (name == null) {
            throw new ParameterException(spec.commandLine(), "missing --name NAME@HOST");
        }
        if (registry != null) {
            try {
                MemberAddresses.parse(registry);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
            }
        }
        threads.check();
        if (manager != null && shell) {
            throw new ParameterException(spec.commandLine(), "--manager and --shell both want standard input: give"
                + " one of them");
        }
        if (manager == null && (detached || allowBundleInstall != null)) {
            throw new ParameterException(spec.commandLine(), "--detached and --allow-bundle-install only apply with"
                + " --manager (spore start-node gives them)");
        }
        // Before anything prints: picocli's writer and the log handler keep the first stream they see.
        OutputRedirect redirect = OutputRedirect.install();
        Path nodeLog = logFile != null ? logFile : manager != null && detached
            ? NodeFolders.prepare(NodeFolders.defaultLogFile(name).getParent(), "node folder")
                .resolve(NodeFolders.LOG) : null;
        if (nodeLog != null && !(manager != null && detached)) {
            redirect.switchTo(nodeLog);
        }
        HostPort managerAddress = manager == null ? null : HostPort.parse(manager);
        // Read before the node starts: a creator that gave no token fails fast, and the pipe holds nothing else.
        String token = manager == null ? null : NodeAgent.readToken(System.in);
        if (workers != null && workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, not " + workers);
        }
        if (mailboxLimit != null && mailboxLimit < 1) {
            throw new ParameterException(spec.commandLine(), "--mailbox-limit must be at least 1, not "
                + mailboxLimit + " (leave it out for none)");
        }
        if (identity == null && (trust != null || identityPasswordFile != null)) {
            throw new ParameterException(spec.commandLine(), (trust != null ? "--trust" : "--identity-password-file")
                + " goes with --identity KEYSTORE: without an identity the node's name rests on the cookie alone");
        }
        if (heartbeatInterval != null && detectionTimeout != null
            && detectionTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new ParameterException(spec.commandLine(), "--detection-timeout ("
                + DurationConverter.format(detectionTimeout) + ") must be at least twice --heartbeat-interval ("
                + DurationConverter.format(heartbeatInterval) + "), or one late heartbeat takes a node down");
        }
        if (bindAddress != null && bindAddress.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--bind is empty: give an address of this host");
        }
        if (verbose) {
            OneLineLogging.verbose();
        }
        DistributionHome home = DistributionHome.locate();
        NodeConfig config = threads.applyTo(metrics.applyTo(jmx.applyTo(network.applyTo(new NodeConfig()))))
            .name(name)
            .identity(identity, trust, identityPasswordFile)
            .deployDir(deployDir != null ? deployDir : NodeFolders.defaultDeployDir(name))
            .dataDir(dataDir)
            .workers(workers)
            .mailboxLimit(mailboxLimit)
            .verbose(verbose)
            .port(port)
            .bindAddress(bindAddress)
            .registry(registry)
            .heartbeatInterval(heartbeatInterval)
            .detectionTimeout(detectionTimeout)
            .closeTimeout(closeTimeout)
            .termLength(termLength)
            .maxMessageSize(maxMessageSize)
            .stateDir(stateDir != null ? stateDir : NodeFolders.defaultStateDir(name))
            .remoteSpawn(!noRemoteSpawn)
            .exposeEnvRemoteSpawn(exposeEnvRemoteSpawn)
            .bundles(home.bundles())
            .consoleBundle(shell ? home.consoleBundle() : null)
            .conclude();

        PrintWriter out = spec.commandLine().getOut();
        FrameworkNode embedded = FrameworkNode.start(config);
        if (embedded.hasTransport() && embedded.transportPort().isEmpty() && embedded.transportError().isPresent()) {
            // As Erlang's distribution: a node that was meant to be reachable and cannot be does not run on alone.
            embedded.close();
            throw new ActionableException("node " + name + " stopped: its transport did not start, so no other node could"
                + " reach it: " + TRANSPORT_PREFIX.matcher(embedded.transportError().get()).replaceFirst(""));
        }
        // Whoever stops the node (the shutdown hook on SIGTERM, or this thread when the framework stops) says so
        // once; on SIGTERM the JVM may halt as soon as the hook returns, before this thread could print.
        AtomicBoolean announced = new AtomicBoolean();
        Runnable stopAndSay = () -> {
            embedded.close();
            if (announced.compareAndSet(false, true)) {
                out.println("node " + name + " stopped");
                out.flush();
            }
        };
        Thread stopOnSignal = new Thread(stopAndSay, "spore-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);

        Node node = embedded.node();
        out.println("node " + node.name() + " up (creation " + node.creation() + ")" + endpoint(embedded)
            + "; deploy folder " + config.deployDir() + "; Ctrl-C to stop");
        out.flush();
        if (shell) {
            embedded.openConsole();
        }
        if (managerAddress != null) {
            try {
                ManagedNode.attach(embedded, managerAddress, token, detached,
                    ManagedNode.allowList(allowBundleInstall), out, stopAndSay);
                if (detached) {
                    out.println("node " + name + " is detached: its output goes to " + nodeLog.toAbsolutePath()
                        + " from now on");
                    out.flush();
                    redirect.switchTo(nodeLog);
                }
            } catch (io.spore.launcher.LaunchException e) {
                stopAndSay.run();
                throw new ActionableException("node " + name + " stopped: " + e.getMessage());
            }
        }

        embedded.awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is stopping the node, and the JVM waits for it.
        }
        stopAndSay.run();
        if (embedded.failure().isPresent()) {
            // Fail-stop: a node that cannot do its work ends, and says why with a status that tells its supervisor.
            throw new ActionableException("node " + name + " stopped because it failed: " + embedded.failure().get());
        }
        return 0;
    }

    /**
     * Mozart's {@code --test}: proves that this host can run nodes, without starting one.
     *
     * @return 0, after the success line
     * @throws ActionableException when the distribution is incomplete
     */
    private int selfTest() {
        DistributionHome home = DistributionHome.locate();
        int bundles = home.bundles().size();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("spore node: test succeeded on " + host + " (Java " + Runtime.version() + ", " + bundles
            + " bundles in " + home.bundleDir() + ")");
        out.flush();
        return 0;
    }

    /** @return {@code "; UDP port P"}, or why there is no port to show */
    private static String endpoint(FrameworkNode embedded) {
        if (embedded.transportPort().isPresent()) {
            return "; UDP port " + embedded.transportPort().get();
        }
        return embedded.hasTransport() ? "; UDP port not reported by the transport"
            : "; no transport bundle, so no other node can reach it";
    }
}
