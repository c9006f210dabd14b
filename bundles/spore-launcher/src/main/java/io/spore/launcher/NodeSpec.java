package io.spore.launcher;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@link NodeManager#start(NodeSpec)} starts: Mozart's {@code init(host: fork: detach:)} plus what a JVM
 * needs. Fluent setters, then {@link #conclude()}, which validates and fills the defaults. Not thread-safe.
 */
public final class NodeSpec {
    /** How long the new node may take to connect back before the start fails (Mozart has no limit; we do). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private String host = "localhost";
    private String name;
    private ForkMethod fork = ForkMethod.of("automatic");
    private boolean detach;
    private String spore = "spore";
    private List<String> ssh = List.of("ssh");
    private Duration timeout = DEFAULT_TIMEOUT;
    private String callbackHost;
    private String creator;
    private boolean allowBundleInstall;
    private List<String> nodeArguments = List.of();
    private Consumer<String> output;
    private Consumer<String> log;

    /** @param host where the node runs: a host name, {@code user@host}, or an alias of the ssh configuration */
    public NodeSpec host(String host) {
        this.host = host;
        return this;
    }

    /** @param name the node's own name, before the {@code @}; its host part is {@link #host} without a user */
    public NodeSpec name(String name) {
        this.name = name;
        return this;
    }

    /** @param fork how to start it (default {@code automatic}) */
    public NodeSpec fork(ForkMethod fork) {
        this.fork = fork;
        return this;
    }

    /** @param detach whether the node outlives its creator (default false: it ends when the creator ends) */
    public NodeSpec detach(boolean detach) {
        this.detach = detach;
        return this;
    }

    /** @param spore the {@code spore} command on the host (default {@code spore}, found on its PATH) */
    public NodeSpec spore(String spore) {
        this.spore = spore;
        return this;
    }

    /** @param ssh the ssh command and options the {@code ssh} method uses (default {@code [ssh]}) */
    public NodeSpec ssh(List<String> ssh) {
        this.ssh = List.copyOf(ssh);
        return this;
    }

    /** @param timeout how long the node may take to connect back (default 15 s) */
    public NodeSpec timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * @param callbackHost the address of this machine the node connects back to; default: loopback for this host,
     *                     else the local address that routes to the host
     */
    public NodeSpec callbackHost(String callbackHost) {
        this.callbackHost = callbackHost;
        return this;
    }

    /** @param creator the name the creator gives itself to the node (default {@code creator-PID@HOSTNAME}) */
    public NodeSpec creator(String creator) {
        this.creator = creator;
        return this;
    }

    /**
     * @param allow whether the node is configured to accept bundles from this creator
     *              ({@code --allow-bundle-install CREATOR}); off by default
     */
    public NodeSpec allowBundleInstall(boolean allow) {
        this.allowBundleInstall = allow;
        return this;
    }

    /** @param arguments more {@code spore node} options, e.g. {@code --cookie-file F} */
    public NodeSpec nodeArguments(List<String> arguments) {
        this.nodeArguments = List.copyOf(arguments);
        return this;
    }

    /** @param output receives each line the node prints, on a pump thread; {@code null} to keep only the tail */
    public NodeSpec output(Consumer<String> output) {
        this.output = output;
        return this;
    }

    /**
     * @param log receives the creator's own lines about the node-manager channel: a connection to the callback port
     *            refused (with why), a channel closed because a record did not open; default: the
     *            {@code io.spore.launcher.manager} {@link System.Logger} at WARNING
     */
    public NodeSpec log(Consumer<String> log) {
        this.log = log;
        return this;
    }

    /**
     * @return this, checked and completed
     * @throws LaunchException when the name or host is missing or the timeout not positive
     */
    public NodeSpec conclude() {
        if (name == null || name.isBlank()) {
            throw new LaunchException("no node name: give the name the new node runs under, e.g. worker1");
        }
        if (host == null || host.isBlank()) {
            throw new LaunchException("no host: give the host the new node runs on, e.g. localhost");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new LaunchException("the start timeout must be positive");
        }
        if (creator == null) {
            creator = "creator-" + ProcessHandle.current().pid() + "@" + localHostName();
        }
        if (callbackHost == null) {
            callbackHost = defaultCallbackHost();
        }
        if (log == null) {
            System.Logger logger = System.getLogger("io.spore.launcher.manager");
            log = line -> logger.log(System.Logger.Level.WARNING, line);
        }
        return this;
    }

    private String defaultCallbackHost() {
        if (fork.resolve(host, ssh).text().equals("sh") || ForkMethod.isThisHost(host)) {
            return "127.0.0.1";
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            // Connecting a UDP socket sends nothing; it asks the kernel which local address routes to the host.
            probe.connect(InetAddress.getByName(nodeHost()), 22);
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // An ssh alias that does not resolve here.
        }
        throw new LaunchException("cannot tell which address of this machine " + host + " can reach: give the"
            + " callback address (--callback ADDR)");
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** @return the host part of the node's name: {@link #host} without a {@code user@} */
    public String nodeHost() {
        return host.substring(host.indexOf('@') + 1);
    }

    /** @return {@code name@host} */
    public String nodeName() {
        return name + "@" + nodeHost();
    }

    /**
     * @param callbackPort the port the creator listens on for this node
     * @return the node's command line, as the host runs it
     */
    List<String> program(int callbackPort) {
        List<String> program = new ArrayList<>(List.of(spore, "node", "--name", nodeName(),
            "--manager", new HostPort(callbackHost, callbackPort).toString()));
        if (detach) {
            program.add("--detached");
        }
        if (allowBundleInstall) {
            program.add("--allow-bundle-install");
            program.add(creator);
        }
        program.addAll(nodeArguments);
        return program;
    }

    /** @return where the node runs, as given */
    public String host() {
        return host;
    }

    /** @return the fork method, as given ({@code automatic} unresolved) */
    public ForkMethod fork() {
        return fork;
    }

    /** @return whether the node outlives its creator */
    public boolean detach() {
        return detach;
    }

    /** @return the ssh command the {@code ssh} method uses */
    public List<String> ssh() {
        return ssh;
    }

    /** @return how long the node may take to connect back */
    public Duration timeout() {
        return timeout;
    }

    /** @return the creator's name as the node sees it (filled by {@link #conclude()}) */
    public String creator() {
        return creator;
    }

    /** @return the address the node connects back to (filled by {@link #conclude()}) */
    public String callbackHost() {
        return callbackHost;
    }

    Consumer<String> output() {
        return output;
    }

    Consumer<String> log() {
        return log;
    }
}
