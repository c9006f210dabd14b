package io.spore.distribution.framework;

import io.spore.api.NodeName;
import io.spore.transport.WireSecurity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an {@link FrameworkNode} is told before it starts: fluent setters, then {@link #conclude()}, which validates,
 * fills the defaults, and creates and checks the deploy and state folders ({@link NodeFolders}). Not thread-safe; hand
 * it to one node and leave it.
 *
 * <p>The network settings ({@link #port}, {@link #cookieFile}, {@link #routes} and the others) go to the transport
 * bundle through framework properties; each one left {@code null} leaves the transport's own default.
 */
public final class NodeConfig {
    /** How often FileInstall looks at the deploy folder, in milliseconds. */
    public static final long DEFAULT_DEPLOY_POLL_MS = 500;

    private NodeName name;
    private Path deployDir;
    /** Whether {@link #deployDir} was set: until it is, the node's own folder in the Spore home is meant. */
    private boolean deployDirSet;
    private long deployPollMs = DEFAULT_DEPLOY_POLL_MS;
    private Path dataDir;
    private Integer workers;
    private Integer mailboxLimit;
    private List<Path> bundles = List.of();
    private Path consoleBundle;
    private boolean verbose;
    private Integer port;
    private String bindAddress;
    private Path cookieFile;
    private WireSecurity wireSecurity;
    private boolean insecureNetwork;
    private Path identityKeystore;
    private Path identityTruststore;
    private Path identityPasswordFile;
    private Path aeronDir;
    private Map<String, String> discovery = Map.of();
    private String registry;
    private List<Route> routes = List.of();
    private Integer nameServicePort;
    private String nameServiceBind;
    private Duration heartbeatInterval;
    private Duration detectionTimeout;
    private Duration closeTimeout;
    private String transportThreading;
    private String transportIdle;
    private Integer termLength;
    private Integer maxMessageSize;
    private Path stateDir;
    private Integer jmxPort;
    private Integer jmxRmiPort;
    private String jmxHost;
    private Path jmxPasswordFile;
    private Path jmxAccessFile;
    private JmxTls jmxTls;
    private Integer metricsPort;
    private String metricsBind;
    private boolean remoteSpawn = true;
    private boolean exposeEnvRemoteSpawn;
    private boolean concluded;

    /** @param name the node's name; required */
    public NodeConfig name(NodeName name) {
        this.name = name;
        return this;
    }

    /**
     * @param deployDir the folder FileInstall watches for bundles, created with mode 0700 if missing and refused if
     *                  another user owns or can write it; {@code null} for a node without one (FileInstall, if
     *                  installed, is then not told of any folder). Unset, it is
     *                  {@link NodeFolders#defaultDeployDir(NodeName) ~/.spore/nodes/NAME@HOST/deploy}.
     */
    public NodeConfig deployDir(Path deployDir) {
        this.deployDir = deployDir;
        this.deployDirSet = true;
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

    /** @param mailboxLimit the node's default mailbox limit for messages from other nodes, or {@code null} for none */
    public NodeConfig mailboxLimit(Integer mailboxLimit) {
        this.mailboxLimit = mailboxLimit;
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

    /** @param consoleBundle the Gogo shell jar, started by {@link FrameworkNode#openConsole()}; or {@code null} */
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

    /** @param wireSecurity how frames are protected after the handshake; {@code null} for the default, sealed */
    public NodeConfig wireSecurity(WireSecurity wireSecurity) {
        this.wireSecurity = wireSecurity;
        return this;
    }

    /**
     * @param keystore     this node's identity (a PKCS#12 keystore), which turns identities on: every peer must
     *                     then prove its name with a certificate the trust store accepts; {@code null} for none
     * @param truststore   the trust store; {@code null} for {@code ~/.spore/trust.p12}
     * @param passwordFile the file with both stores' password; {@code null} for {@code ~/.spore/identity.password}
     */
    public NodeConfig identity(Path keystore, Path truststore, Path passwordFile) {
        this.identityKeystore = keystore;
        this.identityTruststore = truststore;
        this.identityPasswordFile = passwordFile;
        return this;
    }

    /** @return this node's identity keystore, or {@code null} for none */
    public Path identityKeystore() {
        return identityKeystore;
    }

    /** @return the trust store, or {@code null} for the default */
    public Path identityTruststore() {
        return identityTruststore;
    }

    /** @return the identity password file, or {@code null} for the default */
    public Path identityPasswordFile() {
        return identityPasswordFile;
    }

    /** @param insecureNetwork that the operator vouches for the network (needed for wire security none) */
    public NodeConfig insecureNetwork(boolean insecureNetwork) {
        this.insecureNetwork = insecureNetwork;
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

    /**
     * @param registry the registry's members, {@code host:port,...} as {@code spore registry --members} has them;
     *                 {@code null} for a node without a registry
     * @return this
     */
    public NodeConfig registry(String registry) {
        this.registry = registry;
        return this;
    }

    /** @return the registry's members the node joins, or {@code null} */
    public String registry() {
        return registry;
    }

    /**
     * @param discovery the {@code spore.discovery.*} settings by property name (the order of the providers, the dns
     *                  provider's service, port, server and node name), written as framework properties as they are;
     *                  the transport reads and checks them
     */
    public NodeConfig discovery(Map<String, String> discovery) {
        this.discovery = Map.copyOf(discovery);
        return this;
    }

    /** @return the {@code spore.discovery.*} settings by property name; empty for the transport's defaults */
    public Map<String, String> discovery() {
        return discovery;
    }

    /** @param routes where nodes are, instead of asking their host's name service; one route per node */
    public NodeConfig routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
        return this;
    }

    /**
     * @param nameServiceBind the address the host's name service listens on when this node serves it; {@code null}
     *                        for the transport's default, loopback
     */
    public NodeConfig nameServiceBind(String nameServiceBind) {
        this.nameServiceBind = nameServiceBind;
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
     * @param termLength bytes in each term of the logs of the node's streams to each peer, a power of two from 256 KiB;
     *                   {@code null} for the default (512 KiB)
     */
    public NodeConfig termLength(Integer termLength) {
        this.termLength = termLength;
        return this;
    }

    /** @return the term length the node was given, or {@code null} for the default */
    public Integer termLength() {
        return termLength;
    }

    /**
     * @param maxMessageSize bytes in the largest message body the node sends or accepts, from 1 to 1 GiB;
     *                       {@code null} for the default (1 MiB)
     */
    public NodeConfig maxMessageSize(Integer maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
        return this;
    }

    /** @return the largest message size the node was given, or {@code null} for the default */
    public Integer maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * @param closeTimeout how long an orderly stop waits for the nodes it sent to to acknowledge, in whole
     *                     milliseconds; {@code null} for the default
     */
    public NodeConfig closeTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
        return this;
    }

    /**
     * @param threading the embedded media driver's threading ({@code shared}, {@code shared-network},
     *                  {@code dedicated}, {@code invoker}), checked by the transport; {@code null} for the default
     */
    public NodeConfig transportThreading(String threading) {
        this.transportThreading = threading;
        return this;
    }

    /** @param idle how the transport's threads wait for work, checked by the transport; {@code null} for backoff */
    public NodeConfig transportIdle(String idle) {
        this.transportIdle = idle;
        return this;
    }

    /**
     * @param stateDir the folder for what this node keeps across restarts (changed access lists, generated JMX
     *                 password and access files), created with mode 0700 if missing and refused if another user owns
     *                 or can write it; {@code null} (the default) for none, so such changes last only while the node
     *                 runs. {@code spore node} gives {@link NodeFolders#defaultStateDir(NodeName)}.
     */
    public NodeConfig stateDir(Path stateDir) {
        this.stateDir = stateDir;
        return this;
    }

    /** @param jmxPort the remote JMX connector's RMI registry port; {@code null} for no remote connector */
    public NodeConfig jmxPort(Integer jmxPort) {
        this.jmxPort = jmxPort;
        return this;
    }

    /** @param jmxRmiPort the connector's RMI server port; {@code null} for the registry's port */
    public NodeConfig jmxRmiPort(Integer jmxRmiPort) {
        this.jmxRmiPort = jmxRmiPort;
        return this;
    }

    /** @param jmxHost the address the connector listens on; {@code null} for loopback */
    public NodeConfig jmxHost(String jmxHost) {
        this.jmxHost = jmxHost;
        return this;
    }

    /** @param jmxPasswordFile JMX users and passwords; {@code null} to generate one in the state folder */
    public NodeConfig jmxPasswordFile(Path jmxPasswordFile) {
        this.jmxPasswordFile = jmxPasswordFile;
        return this;
    }

    /** @param jmxAccessFile JMX users' access levels; {@code null} to generate one in the state folder */
    public NodeConfig jmxAccessFile(Path jmxAccessFile) {
        this.jmxAccessFile = jmxAccessFile;
        return this;
    }

    /**
     * TLS for the JMX connector.
     *
     * @param keystore         the node's key (PKCS12 by default), or {@code null} for the JVM's
     *                         {@code javax.net.ssl.keyStore}
     * @param passwordFile     a file (mode 600) whose first line is the keystore's password, or {@code null}
     * @param registryPlain    whether the RMI registry stays plain (for clients such as jmxterm that cannot look one
     *                         up over TLS); it then needs its own RMI port
     */
    public record JmxTls(Path keystore, Path passwordFile, boolean registryPlain) {
    }

    /** @param metricsPort the Prometheus endpoint's TCP port; {@code null} for no endpoint */
    public NodeConfig metricsPort(Integer metricsPort) {
        this.metricsPort = metricsPort;
        return this;
    }

    /** @param metricsBind the address the Prometheus endpoint listens on; {@code null} for loopback */
    public NodeConfig metricsBind(String metricsBind) {
        this.metricsBind = metricsBind;
        return this;
    }

    /** @param jmxTls TLS for the JMX connector, or {@code null} for none */
    public NodeConfig jmxTls(JmxTls jmxTls) {
        this.jmxTls = jmxTls;
        return this;
    }

    /**
     * Validates, makes paths absolute, then creates the deploy and state folders (mode 0700) or checks the existing
     * ones: a folder that another user owns or that group or others can write is refused here, before the framework
     * starts, so nothing in it is installed or read. Idempotent.
     *
     * @return this
     * @throws ActionableException naming what is missing or wrong
     */
    public NodeConfig conclude() {
        if (concluded) {
            return this;
        }
        if (name == null) {
            throw new ActionableException("a node needs a name, for example demo@localhost");
        }
        if (workers != null && workers < 1) {
            throw new ActionableException("workers must be at least 1, not " + workers);
        }
        if (mailboxLimit != null && mailboxLimit < 1) {
            throw new ActionableException("the mailbox limit must be at least 1, not " + mailboxLimit);
        }
        if (deployPollMs < 1) {
            throw new ActionableException("the deploy poll interval must be at least 1 ms, not " + deployPollMs);
        }
        if (bundles.isEmpty()) {
            throw new ActionableException("a node needs bundles to install, at least the core");
        }
        for (Path bundle : bundles) {
            requireFile(bundle);
        }
        if (consoleBundle != null) {
            requireFile(consoleBundle);
        }
        if (!deployDirSet) {
            deployDir = NodeFolders.defaultDeployDir(name);
        }
        if (deployDir != null) {
            deployDir = deployDir.toAbsolutePath().normalize();
        }
        if (dataDir != null) {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        concludeNetwork();
        concludeJmx();
        concludeMetrics();
        concludeFolders();
        concluded = true;
        return this;
    }

    /** Last, and every check before any creation, so that a refused configuration leaves no folder behind. */
    private void concludeFolders() {
        Map<Path, String> folders = new LinkedHashMap<>();
        if (deployDir != null) {
            folders.put(deployDir, "deploy folder");
        }
        if (stateDir != null) {
            folders.putIfAbsent(stateDir, "state folder");
        }
        folders.forEach(NodeFolders::check);
        folders.forEach(NodeFolders::prepare);
    }

    private void concludeNetwork() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ActionableException("the UDP port must be from 0 (any free port) to 65535, not " + port);
        }
        if (nameServicePort != null && (nameServicePort < 1 || nameServicePort > 65535)) {
            throw new ActionableException("the name service port must be from 1 to 65535, not " + nameServicePort);
        }
        if (bindAddress != null && bindAddress.isBlank()) {
            throw new ActionableException("the bind address is empty: give an address of this host, or leave it out");
        }
        // The transport would refuse these too, but only once the framework is up, and less directly.
        if (cookieFile != null) {
            cookieFile = cookieFile.toAbsolutePath().normalize();
            if (!Files.isRegularFile(cookieFile)) {
                throw new ActionableException("cookie file " + cookieFile + (Files.exists(cookieFile)
                    ? " is not a regular file" : " does not exist") + ": name an existing file (mode 600), or leave"
                    + " the cookie file out to use ~/.spore/cookie");
            }
        }
        if (aeronDir != null) {
            aeronDir = aeronDir.toAbsolutePath().normalize();
            if (!Files.isDirectory(aeronDir)) {
                throw new ActionableException("no Aeron media driver directory " + aeronDir + ": start the driver"
                    + " first, or leave the Aeron directory out to embed a driver in the node");
            }
        }
        requirePositiveMillis("heartbeat interval", heartbeatInterval);
        requirePositiveMillis("detection timeout", detectionTimeout);
        requirePositiveMillis("close timeout", closeTimeout);
        if (termLength != null && (Integer.bitCount(termLength) != 1 || termLength < 256 * 1024
            || termLength > 1 << 30)) {
            throw new ActionableException("the term length " + termLength + " is not a power of two from 262144 to"
                + " 1073741824; leave it out for the default, 524288");
        }
        if (maxMessageSize != null && (maxMessageSize < 1 || maxMessageSize > 1 << 30)) {
            throw new ActionableException("the largest message size " + maxMessageSize + " is not from 1 to"
                + " 1073741824 bytes; leave it out for the default, 1048576");
        }
        if (heartbeatInterval != null && detectionTimeout != null
            && detectionTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new ActionableException("the detection timeout (" + text(detectionTimeout)
                + ") must be at least twice the heartbeat interval (" + text(heartbeatInterval)
                + "), or one late heartbeat takes a node down");
        }
        Set<Object> routed = new HashSet<>();
        for (Route route : routes) {
            if (!routed.add(route.node())) {
                throw new ActionableException("two routes for " + route.node() + ": give one");
            }
        }
    }

    private void concludeJmx() {
        if (stateDir != null) {
            stateDir = stateDir.toAbsolutePath().normalize();
        }
        for (Integer jmx : new Integer[] {jmxPort, jmxRmiPort}) {
            if (jmx != null && (jmx < 1 || jmx > 65535)) {
                throw new ActionableException("a JMX port must be from 1 to 65535, not " + jmx);
            }
        }
        if (jmxPort == null && (jmxRmiPort != null || jmxHost != null || jmxPasswordFile != null
            || jmxAccessFile != null || jmxTls != null)) {
            throw new ActionableException("the JMX settings need a JMX port, which turns the remote connector on");
        }
        if ((jmxPasswordFile == null) != (jmxAccessFile == null)) {
            throw new ActionableException("a JMX password file and a JMX access file go together: give both, or neither");
        }
        if (jmxPort != null && jmxPasswordFile == null && stateDir == null) {
            throw new ActionableException("the JMX connector needs a password and an access file, or a state folder to"
                + " generate them in");
        }
        if (jmxPasswordFile != null) {
            jmxPasswordFile = jmxPasswordFile.toAbsolutePath().normalize();
            jmxAccessFile = jmxAccessFile.toAbsolutePath().normalize();
        }
        if (jmxTls != null && jmxTls.registryPlain() && (jmxRmiPort == null || jmxRmiPort.equals(jmxPort))) {
            throw new ActionableException("a plain registry beside a TLS connector needs a JMX RMI port of its own:"
                + " give --jmx-rmi-port");
        }
        if (jmxTls != null) {
            jmxTls = new JmxTls(absolute(jmxTls.keystore()), absolute(jmxTls.passwordFile()), jmxTls.registryPlain());
        }
    }

    private void concludeMetrics() {
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
            throw new ActionableException("the metrics port must be from 1 to 65535, not " + metricsPort
                + ": Prometheus needs to know it in advance");
        }
        if (metricsBind != null && (metricsPort == null || metricsBind.isBlank())) {
            throw new ActionableException(metricsPort == null ? "the metrics address needs a metrics port, which"
                + " turns the endpoint on" : "the metrics address is empty: give an address of this host, or leave"
                + " it out for 127.0.0.1");
        }
    }

    /** A duration as the command line writes it (500ms, 3s), so that the message reads like the option. */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void requirePositiveMillis(String what, Duration value) {
        if (value != null && value.toMillis() < 1) {
            throw new ActionableException("the " + what + " must be at least 1 ms, not " + value);
        }
    }

    private static void requireFile(Path bundle) {
        if (!Files.isRegularFile(bundle)) {
            throw new ActionableException("bundle " + bundle + " does not exist: rebuild the distribution");
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

    /** @return the node's default mailbox limit, or {@code null} for none */
    public Integer mailboxLimit() {
        return mailboxLimit;
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

    /** @return how frames are protected after the handshake; {@code null} for the default */
    public WireSecurity wireSecurity() {
        return wireSecurity;
    }

    /** @return whether the operator vouched for the network */
    public boolean insecureNetwork() {
        return insecureNetwork;
    }

    /** @return the external media driver's directory, or {@code null} for an embedded driver */
    public Path aeronDir() {
        return aeronDir;
    }

    /** @return the static routes, in the order given */
    public List<Route> routes() {
        return routes;
    }

    /** @return the address the name service listens on when this node serves it, or {@code null} for the default */
    public String nameServiceBind() {
        return nameServiceBind;
    }

    /** @return the name service's TCP port, or {@code null} for the transport's default */
    public Integer nameServicePort() {
        return nameServicePort;
    }

    /** @return the heartbeat interval, or {@code null} for the transport's default */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return how long a stop waits for acknowledgements, or {@code null} for the transport's default */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** @return the media driver's threading, or {@code null} for the default */
    public String transportThreading() {
        return transportThreading;
    }

    /** @return how the transport's threads wait, or {@code null} for the default */
    public String transportIdle() {
        return transportIdle;
    }

    /** @return the failure detection timeout, or {@code null} for the transport's default */
    public Duration detectionTimeout() {
        return detectionTimeout;
    }

    /** @return the state folder, absolute after {@link #conclude()}, or {@code null} for none */
    public Path stateDir() {
        return stateDir;
    }

    /** @return the JMX connector's registry port, or {@code null} for no remote connector */
    public Integer jmxPort() {
        return jmxPort;
    }

    /** @return the JMX connector's RMI server port, or {@code null} for the registry's */
    public Integer jmxRmiPort() {
        return jmxRmiPort;
    }

    /** @return the JMX connector's address, or {@code null} for loopback */
    public String jmxHost() {
        return jmxHost;
    }

    /** @return the JMX password file, or {@code null} for a generated one */
    public Path jmxPasswordFile() {
        return jmxPasswordFile;
    }

    /** @return TLS for the JMX connector, or {@code null} for none */
    public JmxTls jmxTls() {
        return jmxTls;
    }

    /** @return the Prometheus endpoint's port, or {@code null} for no endpoint */
    public Integer metricsPort() {
        return metricsPort;
    }

    /** @return the Prometheus endpoint's address, or {@code null} for loopback */
    public String metricsBind() {
        return metricsBind;
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    /** @return the JMX access file, or {@code null} for a generated one */
    public Path jmxAccessFile() {
        return jmxAccessFile;
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
