package io.spore.distribution;

import io.spore.api.NodeName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@link EmbeddedNode} is told before it starts: fluent setters, then {@link #conclude()}, which validates,
 * fills the defaults and creates the deploy folder. Not thread-safe; hand it to one node and leave it.
 *
 * <p>The network settings ({@link #port}, {@link #cookieFile}, {@link #routes} and the others) go to the transport
 * bundle through framework properties; each one left {@code null} leaves the transport's own default.
 */
public final class NodeConfig {
    /** Deploy folder when none is given, relative to the working directory. */
    public static final Path DEFAULT_DEPLOY_DIR = Path.of("deploy");
    /** How often FileInstall looks at the deploy folder, in milliseconds. */
    public static final long DEFAULT_DEPLOY_POLL_MS = 500;

    private NodeName name;
    private Path deployDir = DEFAULT_DEPLOY_DIR;
    private long deployPollMs = DEFAULT_DEPLOY_POLL_MS;
    private Path dataDir;
    private Integer workers;
    private List<Path> bundles = List.of();
    private Path consoleBundle;
    private boolean verbose;
    private Integer port;
    private String bindAddress;
    private Path cookieFile;
    private Path aeronDir;
    private List<Route> routes = List.of();
    private Integer nameServicePort;
    private Duration heartbeatInterval;
    private Duration detectionTimeout;
    private boolean remoteSpawn = true;
    private boolean exposeEnvRemoteSpawn;
    private boolean concluded;

    /** @param name the node's name; required */
    public NodeConfig name(NodeName name) {
        this.name = name;
        return this;
    }

    /**
     * @param deployDir the folder FileInstall watches for bundles, created if missing; {@code null} for a node
     *                  without one (FileInstall, if installed, is then not told of any folder)
     */
    public NodeConfig deployDir(Path deployDir) {
        this.deployDir = deployDir;
        return this;
    }

    /** @param deployPollMs how often the deploy folder is scanned, in milliseconds */
    public NodeConfig deployPollMs(long deployPollMs) {
        this.deployPollMs = deployPollMs;
        return this;
    }

    /**
     * @param dataDir where the framework keeps its cache, cleaned at start and kept after stop; {@code null} for a
     *                temporary folder removed at stop
     */
    public NodeConfig dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** @param workers the scheduler's worker threads, or {@code null} for the core's default (the cores) */
    public NodeConfig workers(Integer workers) {
        this.workers = workers;
        return this;
    }

    /** @param bundles the bundle jars to install and start, in order; the core must be among them */
    public NodeConfig bundles(List<Path> bundles) {
        this.bundles = List.copyOf(bundles);
        return this;
    }

    /** @param consoleBundle the Gogo shell jar, started by {@link EmbeddedNode#openConsole()}; or {@code null} */
    public NodeConfig consoleBundle(Path consoleBundle) {
        this.consoleBundle = consoleBundle;
        return this;
    }

    /** @param enabled whether other nodes may spawn processes on this one (default true) */
    public NodeConfig remoteSpawn(boolean enabled) {
        this.remoteSpawn = enabled;
        return this;
    }

    /** @param expose whether this node's remote spawns carry the spawning process's environment (default false) */
    public NodeConfig exposeEnvRemoteSpawn(boolean expose) {
        this.exposeEnvRemoteSpawn = expose;
        return this;
    }

    /** @param verbose whether Felix and FileInstall log beyond errors */
    public NodeConfig verbose(boolean verbose) {
        this.verbose = verbose;
        return this;
    }

    /** @param port the node's UDP port, 0 for a free one chosen by the system, {@code null} for the default */
    public NodeConfig port(Integer port) {
        this.port = port;
        return this;
    }

    /** @param bindAddress the address the node's UDP endpoint binds to; {@code null} for the transport's default */
    public NodeConfig bindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** @param cookieFile an existing cookie file; {@code null} for {@code ~/.spore/cookie}, made on first use */
    public NodeConfig cookieFile(Path cookieFile) {
        this.cookieFile = cookieFile;
        return this;
    }

    /** @param aeronDir the directory of a running external media driver; {@code null} to embed one */
    public NodeConfig aeronDir(Path aeronDir) {
        this.aeronDir = aeronDir;
        return this;
    }

    /** @param routes where nodes are, instead of asking their host's name service; one route per node */
    public NodeConfig routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
        return this;
    }

    /** @param nameServicePort the TCP port of the host's name service; {@code null} for the transport's default */
    public NodeConfig nameServicePort(Integer nameServicePort) {
        this.nameServicePort = nameServicePort;
        return this;
    }

    /** @param heartbeatInterval time between heartbeats, in whole milliseconds; {@code null} for the default */
    public NodeConfig heartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    /**
     * @param detectionTimeout silence after which a peer is declared down, in whole milliseconds, at least twice the
     *                         heartbeat interval; {@code null} for the default
     */
    public NodeConfig detectionTimeout(Duration detectionTimeout) {
        this.detectionTimeout = detectionTimeout;
        return this;
    }

    /**
     * Validates, makes paths absolute and creates the deploy folder. Idempotent.
     *
     * @return this
     * @throws LaunchException naming what is missing or wrong
     */
    public NodeConfig conclude() {
        if (concluded) {
            return this;
        }
        if (name == null) {
            throw new LaunchException("a node needs a name, for example demo@localhost");
        }
        if (workers != null && workers < 1) {
            throw new LaunchException("workers must be at least 1, not " + workers);
        }
        if (deployPollMs < 1) {
            throw new LaunchException("the deploy poll interval must be at least 1 ms, not " + deployPollMs);
        }
        if (bundles.isEmpty()) {
            throw new LaunchException("a node needs bundles to install, at least the core");
        }
        for (Path bundle : bundles) {
            requireFile(bundle);
        }
        if (consoleBundle != null) {
            requireFile(consoleBundle);
        }
        if (deployDir != null) {
            deployDir = deployDir.toAbsolutePath().normalize();
            try {
                Files.createDirectories(deployDir);
            } catch (IOException e) {
                throw new LaunchException("cannot create the deploy folder " + deployDir + ": " + e, e);
            }
        }
        if (dataDir != null) {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        concludeNetwork();
        concluded = true;
        return this;
    }

    private void concludeNetwork() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new LaunchException("the UDP port must be from 0 (any free port) to 65535, not " + port);
        }
        if (nameServicePort != null && (nameServicePort < 1 || nameServicePort > 65535)) {
            throw new LaunchException("the name service port must be from 1 to 65535, not " + nameServicePort);
        }
        if (bindAddress != null && bindAddress.isBlank()) {
            throw new LaunchException("the bind address is empty: give an address of this host, or leave it out");
        }
        // The transport would refuse these too, but only once the framework is up, and less directly.
        if (cookieFile != null) {
            cookieFile = cookieFile.toAbsolutePath().normalize();
            if (!Files.isRegularFile(cookieFile)) {
                throw new LaunchException("cookie file " + cookieFile + (Files.exists(cookieFile)
                    ? " is not a regular file" : " does not exist") + ": name an existing file (mode 600), or leave"
                    + " the cookie file out to use ~/.spore/cookie");
            }
        }
        if (aeronDir != null) {
            aeronDir = aeronDir.toAbsolutePath().normalize();
            if (!Files.isDirectory(aeronDir)) {
                throw new LaunchException("no Aeron media driver directory " + aeronDir + ": start the driver"
                    + " first, or leave the Aeron directory out to embed a driver in the node");
            }
        }
        requirePositiveMillis("heartbeat interval", heartbeatInterval);
        requirePositiveMillis("detection timeout", detectionTimeout);
        if (heartbeatInterval != null && detectionTimeout != null
            && detectionTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new LaunchException("the detection timeout (" + DurationConverter.format(detectionTimeout)
                + ") must be at least twice the heartbeat interval (" + DurationConverter.format(heartbeatInterval)
                + "), or one late heartbeat takes a node down");
        }
        Set<Object> routed = new HashSet<>();
        for (Route route : routes) {
            if (!routed.add(route.node())) {
                throw new LaunchException("two routes for " + route.node() + ": give one");
            }
        }
    }

    private static void requirePositiveMillis(String what, Duration value) {
        if (value != null && value.toMillis() < 1) {
            throw new LaunchException("the " + what + " must be at least 1 ms, not " + value);
        }
    }

    private static void requireFile(Path bundle) {
        if (!Files.isRegularFile(bundle)) {
            throw new LaunchException("bundle " + bundle + " does not exist: rebuild the distribution");
        }
    }

    /** @return the node's name */
    public NodeName name() {
        return name;
    }

    /** @return the deploy folder, absolute after {@link #conclude()}; {@code null} for none */
    public Path deployDir() {
        return deployDir;
    }

    /** @return the deploy folder's scan interval in milliseconds */
    public long deployPollMs() {
        return deployPollMs;
    }

    /** @return the data folder, or {@code null} for a temporary one */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the worker count, or {@code null} for the core's default */
    public Integer workers() {
        return workers;
    }

    /** @return the bundles to install, in order */
    public List<Path> bundles() {
        return bundles;
    }

    /** @return the Gogo shell jar, or {@code null} for a node without a console */
    public Path consoleBundle() {
        return consoleBundle;
    }

    /** @return whether to log beyond errors */
    public boolean verbose() {
        return verbose;
    }

    /** @return the UDP port, 0 for a free one, or {@code null} for the transport's default */
    public Integer port() {
        return port;
    }

    /** @return the UDP bind address, or {@code null} for the transport's default */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return the cookie file, absolute after {@link #conclude()}, or {@code null} for the default one */
    public Path cookieFile() {
        return cookieFile;
    }

    /** @return the external media driver's directory, or {@code null} for an embedded driver */
    public Path aeronDir() {
        return aeronDir;
    }

    /** @return the static routes, in the order given */
    public List<Route> routes() {
        return routes;
    }

    /** @return the name service's TCP port, or {@code null} for the transport's default */
    public Integer nameServicePort() {
        return nameServicePort;
    }

    /** @return the heartbeat interval, or {@code null} for the transport's default */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return the failure detection timeout, or {@code null} for the transport's default */
    public Duration detectionTimeout() {
        return detectionTimeout;
    }

    /** @return whether other nodes may spawn processes on this one */
    public boolean remoteSpawn() {
        return remoteSpawn;
    }

    /** @return whether this node's remote spawns carry the environment */
    public boolean exposeEnvRemoteSpawn() {
        return exposeEnvRemoteSpawn;
    }
}
