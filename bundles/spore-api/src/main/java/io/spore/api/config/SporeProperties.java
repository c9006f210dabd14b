package io.spore.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every {@code spore.*} property a node reads, in one place: the launcher writes them as framework properties, the
 * bundles' activators read them with the readers here, and Config Admin will use the same names. No other file spells
 * a property's name. Grouped by the bundle that reads them; {@link #ALL} lists them in this order.
 *
 * <p>The service properties at the end are not settings but the names under which the bundles publish and find one
 * another's services.
 */
public final class SporeProperties {
    // ---- the core bundle ----

    /** This node's name, {@code name@host}. */
    public static final SporeProperty<String> NODE_NAME = SporeProperty.text(SporeProperties.SERVICE_NODE_NAME,
        "this node's name, name@host; default nonode@nohost", "nonode@nohost");
    /** Worker threads of the scheduler. */
    public static final SporeProperty<Integer> WORKERS = SporeProperty.integer("spore.workers",
        "the scheduler's worker threads; default 0, one per core", 0, 0, 32767);
    /** Messages a process handles in one turn before others run. */
    public static final SporeProperty<Integer> THROUGHPUT = SporeProperty.integer("spore.throughput",
        "messages a process handles per turn; default 64", 64, 1, Integer.MAX_VALUE);
    /** The default mailbox limit for messages from other nodes. */
    public static final SporeProperty<Integer> MAILBOX_LIMIT = SporeProperty.integer("spore.mailbox.limit",
        "the mailbox limit for messages from other nodes of a process that sets none; default 0, none", 0, 0,
        Integer.MAX_VALUE);
    /** Whether other nodes may spawn processes here. */
    public static final SporeProperty<Boolean> REMOTE_SPAWN = SporeProperty.flag("spore.remote.spawn",
        "whether other nodes may spawn processes here (each factory's access list still applies); default true",
        true);
    /** Whether this node's remote spawns carry the spawning process's environment. */
    public static final SporeProperty<Boolean> EXPOSE_ENV_REMOTE_SPAWN = SporeProperty.flag(
        "spore.expose.env.remote.spawn", "whether this node's remote spawns carry the environment; default false",
        false);
    /** The folder where the node keeps what outlives a run. */
    public static final SporeProperty<Path> STATE_DIR = SporeProperty.path("spore.state.dir",
        "the folder for what outlives a run (access lists, the JMX password and access files); absent: nothing is"
            + " kept");

    // ---- the transport bundle ----

    /** The node's UDP port. */
    public static final SporeProperty<Integer> TRANSPORT_PORT = SporeProperty.integer(
        SporeProperties.SERVICE_TRANSPORT_PORT,
        "the node's UDP port; default 0, a free one, which the name service tells other nodes", 0, 0, 65535);
    /** The address the UDP endpoint binds to. */
    public static final SporeProperty<String> TRANSPORT_BIND = SporeProperty.text(
        SporeProperties.SERVICE_TRANSPORT_BIND,
        "the address the UDP endpoint binds to; absent: loopback for a node on localhost, else every interface",
        null);
    /** The cookie file. */
    public static final SporeProperty<Path> COOKIE_FILE = SporeProperty.path("spore.cookie.file",
        "the cookie file, which must exist; absent: ~/.spore/cookie, made on first use");
    /**
     * How frames are protected after the handshake.
     *
     * @since 1.4.0
     */
    public static final SporeProperty<String> WIRE_SECURITY = SporeProperty.text("spore.wire.security",
        "how frames are protected after the handshake: sealed (encrypted and authenticated), authenticated (clear,"
            + " with a tag) or none (clear, only with spore.insecure.network); every node must run the same", "sealed");
    /**
     * That the operator vouches for the network, which wire security none needs.
     *
     * @since 1.4.0
     */
    public static final SporeProperty<Boolean> INSECURE_NETWORK = SporeProperty.flag("spore.insecure.network",
        "that the network is trusted: required for wire security none, which then warns at every start", false);
    /** The folder of an external media driver. */
    public static final SporeProperty<Path> AERON_DIR = SporeProperty.path("spore.aeron.dir",
        "the folder of an external media driver shared by the host's nodes; absent: a driver embedded in the node");
    /** Static routes to other nodes. */
    public static final SporeProperty<String> ROUTES = SporeProperty.text("spore.routes",
        "static routes, name@host=address:port separated by commas; absent: the name service alone", null);
    /** The TCP port of every host's name service. */
    public static final SporeProperty<Integer> NAME_SERVICE_PORT = SporeProperty.integer("spore.nameservice.port",
        "the TCP port of every host's name service; default 4370", 4370, 1, 65535);
    /** The address the host's name service listens on, when this node serves it. */
    public static final SporeProperty<String> NAME_SERVICE_BIND = SporeProperty.text("spore.nameservice.bind",
        "the address the host's name service listens on when this node serves it; 0.0.0.0 lets other hosts look"
            + " names up (registering stays local); default 127.0.0.1, this host only", "127.0.0.1");
    /**
     * The length of each of the three terms of the logs of a node's streams to each peer.
     *
     * @since 1.4.0
     */
    public static final SporeProperty<Integer> TERM_LENGTH = SporeProperty.integer("spore.transport.term.length",
        "bytes in each of the three terms of every stream's log to a peer, a power of two; a busy peer pins about 12"
            + " terms of /dev/shm on each side, and longer messages travel in pieces; raise it only for a link whose"
            + " bandwidth-delay product exceeds half a term (with a receiver window to match); default 524288",
        512 * 1024, 256 * 1024, 1 << 30);
    /**
     * The largest encoded message body a node sends and accepts; longer frames travel in chunks whatever the term.
     *
     * @since 1.6.0
     */
    public static final SporeProperty<Integer> MAX_MESSAGE_SIZE = SporeProperty.integer(
        "spore.transport.max.message.size", "bytes in the largest message body this node sends or accepts, up to"
            + " 1 GiB; a peer's longer message is refused with MESSAGE_TOO_LARGE on its sender, and what a peer's"
            + " pieces may make this node hold is bounded by it; default 1048576", 1024 * 1024, 1, 1 << 30);
    /**
     * The payload size above which a message, call or reply travels on its peer's large-message stream.
     *
     * @since 1.6.0
     */
    public static final SporeProperty<Integer> LARGE_MESSAGE_THRESHOLD = SporeProperty.integer(
        "spore.transport.large.message.threshold", "bytes of payload above which a message, call or reply goes on a"
            + " stream of its own to its node, opened when first needed and closed after 10 s unused, so that it does"
            + " not delay the small messages and calls sent after it; default 65536", 64 * 1024, 1, 1 << 30);
    /** The time between heartbeats. */
    public static final SporeProperty<Duration> HEARTBEAT_INTERVAL = SporeProperty.millis(
        "spore.heartbeat.interval.ms", "milliseconds between heartbeats; default 300", Duration.ofMillis(300));
    /** The silence after which a connected node is declared down. */
    public static final SporeProperty<Duration> DETECTION_TIMEOUT = SporeProperty.millis("spore.detection.timeout.ms",
        "milliseconds a connected node may stay silent past its next heartbeat before it is down, at least twice the"
            + " heartbeat; an outage shorter than this less one heartbeat is survived; default 3000",
        Duration.ofSeconds(3));
    /** How long an orderly close waits for the other nodes to acknowledge what this node sent them. */
    public static final SporeProperty<Duration> CLOSE_TIMEOUT = SporeProperty.millis("spore.close.timeout.ms",
        "milliseconds an orderly stop waits for every node this node sent to to acknowledge all it sent (lost"
            + " datagrams are sent again meanwhile); a node that does not is named in a warning; default 5000",
        Duration.ofSeconds(5));
    /**
     * The threading of the node's embedded media driver.
     *
     * @since 1.6.0
     */
    public static final SporeProperty<String> TRANSPORT_THREADING = SporeProperty.text("spore.transport.threading",
        "the embedded media driver's threads: shared (one thread, the default), shared-network (a conductor, and one"
            + " thread that sends and receives), dedicated (a conductor, a sender and a receiver: three cores'"
            + " worth with a spinning idle strategy) or invoker (no thread: the transport's agent and the threads"
            + " that wait for an answer run the driver; the shortest calls on a small machine)", "shared");
    /**
     * How the node's transport threads wait for work.
     *
     * @since 1.6.0
     */
    public static final SporeProperty<String> TRANSPORT_IDLE = SporeProperty.text("spore.transport.idle",
        "how the embedded driver's threads and the transport's agent wait for work: backoff (spin, yield, then park"
            + " up to 1 ms; the default), backoff:SPINS:YIELDS:MIN_PARK_US:MAX_PARK_US, yield, sleep or sleep:MILLIS,"
            + " spin (never waits: a whole core per thread, the lowest latency) or noop", "backoff");

    /** The node's identity: its key and certificate. */
    public static final SporeProperty<Path> IDENTITY_KEYSTORE = SporeProperty.path("spore.identity.keystore",
        "the node's PKCS#12 keystore: one private key (Ed25519 or EC P-256) whose certificate has the URI subject"
            + " alternative name spore:NAME@HOST, owner-only; absent: no identity, the cookie alone admits nodes");
    /** The certificates peers are accepted by. */
    public static final SporeProperty<Path> IDENTITY_TRUSTSTORE = SporeProperty.path("spore.identity.truststore",
        "the PKCS#12 trust store of CA certificates and pinned node certificates a peer's certificate must chain to"
            + " or equal, owner-only; absent: ~/.spore/trust.p12");
    /** The file that opens the keystore and the trust store. */
    public static final SporeProperty<Path> IDENTITY_PASSWORD_FILE = SporeProperty.path(
        "spore.identity.password.file",
        "an owner-only file whose first line is the password of the identity keystore and the trust store (as"
            + " keytool's -storepass:file reads it); absent: ~/.spore/identity.password");

    // ---- the transport bundle: discovery, how nodes are found ----

    /**
     * The discovery providers to ask, in order.
     *
     * @since 1.5.0
     */
    public static final SporeProperty<String> DISCOVERY_ORDER = SporeProperty.text("spore.discovery.order",
        "the discovery providers asked, in order, for a node's address: routes, nameservice, dns, or any a bundle"
            + " registers; the first that knows the node wins; default routes,nameservice", "routes,nameservice");
    /**
     * The SRV name whose records are the nodes, for the dns provider.
     *
     * @since 1.5.0
     */
    public static final SporeProperty<String> DISCOVERY_DNS_SERVICE = SporeProperty.text(
        "spore.discovery.dns.service", "for the dns provider, an SRV name whose records (target and port) are the"
            + " nodes, e.g. _spore._udp.workers.default.svc.cluster.local; absent: no SRV lookups", null);
    /**
     * The UDP port of nodes found by their host's A/AAAA records, for the dns provider.
     *
     * @since 1.5.0
     */
    public static final SporeProperty<Integer> DISCOVERY_DNS_PORT = SporeProperty.integer("spore.discovery.dns.port",
        "for the dns provider, the UDP port of every node found by its host's A/AAAA records (a headless service"
            + " without named ports); absent: SRV records only", null, 1, 65535);
    /**
     * The DNS server the dns provider asks.
     *
     * @since 1.5.0
     */
    public static final SporeProperty<String> DISCOVERY_DNS_SERVER = SporeProperty.text("spore.discovery.dns.server",
        "the DNS server the dns provider asks, host or host:port; absent: the system's (/etc/resolv.conf)", null);
    /**
     * The name part of the members the SRV records list.
     *
     * @since 1.5.0
     */
    public static final SporeProperty<String> DISCOVERY_DNS_NODE_NAME = SporeProperty.text(
        "spore.discovery.dns.node-name", "the name part of the nodes the SRV records list: NAME@TARGET for each"
            + " record, watched for joins and leaves; absent: members are not listed", null);
    /**
     * How often the dns provider reads its records again for members.
     *
     * @since 1.5.0
     */
    public static final SporeProperty<Duration> DISCOVERY_DNS_INTERVAL = SporeProperty.millis(
        "spore.discovery.dns.interval.ms", "milliseconds between two readings of the SRV records for joins and"
            + " leaves, from 500 to 3600000; default 5000", Duration.ofSeconds(5));

    // ---- the JMX bundle ----

    /** The remote connector's RMI registry port; its presence turns the connector on. */
    public static final SporeProperty<Integer> JMX_PORT = SporeProperty.integer("spore.jmx.port",
        "the JMX connector's RMI registry port; absent: no remote connector (local attach still works)", null, 1,
        65535);
    /** The port of the connector's RMI server. */
    public static final SporeProperty<Integer> JMX_RMI_PORT = SporeProperty.integer("spore.jmx.rmi.port",
        "the TCP port of the connector's RMI server; absent: the registry's, so one port carries everything", null,
        1, 65535);
    /** The address the connector listens on. */
    public static final SporeProperty<String> JMX_HOST = SporeProperty.text("spore.jmx.host",
        "the address the JMX connector listens on; default 127.0.0.1, this host only", "127.0.0.1");
    /** The connector's password file. */
    public static final SporeProperty<Path> JMX_PASSWORD_FILE = SporeProperty.path("spore.jmx.password.file",
        "the JMX password file (lines: user password), owner-only; absent: jmx.password in the state folder");
    /** The connector's access file. */
    public static final SporeProperty<Path> JMX_ACCESS_FILE = SporeProperty.path("spore.jmx.access.file",
        "the JMX access file (lines: user readonly|readwrite|admin), owner-only; absent: jmx.access in the state"
            + " folder");
    /** TLS on the connector. */
    public static final SporeProperty<Boolean> JMX_SSL = SporeProperty.flag("spore.jmx.ssl",
        "true for TLS on the JMX connector (the JDK's jmxremote.ssl); default false", false);
    /** Whether the RMI registry speaks TLS too. */
    public static final SporeProperty<Boolean> JMX_REGISTRY_SSL = SporeProperty.flag("spore.jmx.registry.ssl",
        "false to keep the RMI registry plain beside a TLS connector, which then needs its own spore.jmx.rmi.port;"
            + " default true", true);
    /** The keystore with the connector's key. */
    public static final SporeProperty<Path> JMX_SSL_KEYSTORE = SporeProperty.path("spore.jmx.ssl.keystore",
        "the keystore with the connector's key; absent: the JVM's javax.net.ssl.keyStore");
    /** The keystore's type. */
    public static final SporeProperty<String> JMX_SSL_KEYSTORE_TYPE = SporeProperty.text(
        "spore.jmx.ssl.keystore.type", "the keystore's type; absent: the JDK's default (PKCS12)", null);
    /** A file holding the keystore's password. */
    public static final SporeProperty<Path> JMX_SSL_KEYSTORE_PASSWORD_FILE = SporeProperty.path(
        "spore.jmx.ssl.keystore.password.file", "a file whose first line is the keystore's password, owner-only");
    /** The keystore's password itself. */
    public static final SporeProperty<String> JMX_SSL_KEYSTORE_PASSWORD = SporeProperty.text(
        "spore.jmx.ssl.keystore.password",
        "the keystore's password itself (the file is better: properties show in logs and process lists)", null);

    // ---- the metrics bundle ----

    /** The port of the Prometheus endpoint; its presence turns the endpoint on. */
    public static final SporeProperty<Integer> METRICS_PORT = SporeProperty.integer("spore.metrics.port",
        "the TCP port of the Prometheus metrics endpoint (/metrics); absent: no endpoint", null, 1, 65535);
    /** The address the Prometheus endpoint listens on. */
    public static final SporeProperty<String> METRICS_BIND = SporeProperty.text("spore.metrics.bind",
        "the address the metrics endpoint listens on; 0.0.0.0 for every interface; default 127.0.0.1, this host"
            + " only", "127.0.0.1");

    // ---- the launcher's JVM ----

    /** The distribution's root folder, a system property {@code bin/spore} sets. */
    public static final SporeProperty<Path> HOME = SporeProperty.path("spore.home",
        "the distribution's folder (holding bundle/), a JVM system property bin/spore sets; absent: found from the"
            + " launcher's jar");

    /** Every setting above, in order. */
    public static final List<SporeProperty<?>> ALL = List.of(NODE_NAME, WORKERS, THROUGHPUT, MAILBOX_LIMIT,
        REMOTE_SPAWN, EXPOSE_ENV_REMOTE_SPAWN, STATE_DIR, TRANSPORT_PORT, TRANSPORT_BIND, COOKIE_FILE, WIRE_SECURITY,
        INSECURE_NETWORK, AERON_DIR,
        ROUTES, NAME_SERVICE_PORT, NAME_SERVICE_BIND, TERM_LENGTH, MAX_MESSAGE_SIZE, LARGE_MESSAGE_THRESHOLD,
        HEARTBEAT_INTERVAL, DETECTION_TIMEOUT,
        CLOSE_TIMEOUT,
        TRANSPORT_THREADING, TRANSPORT_IDLE, IDENTITY_KEYSTORE, IDENTITY_TRUSTSTORE, IDENTITY_PASSWORD_FILE,
        DISCOVERY_ORDER, DISCOVERY_DNS_SERVICE, DISCOVERY_DNS_PORT, DISCOVERY_DNS_SERVER, DISCOVERY_DNS_NODE_NAME,
        DISCOVERY_DNS_INTERVAL, JMX_PORT, JMX_RMI_PORT, JMX_HOST,
        JMX_PASSWORD_FILE, JMX_ACCESS_FILE, JMX_SSL, JMX_REGISTRY_SSL, JMX_SSL_KEYSTORE, JMX_SSL_KEYSTORE_TYPE,
        JMX_SSL_KEYSTORE_PASSWORD_FILE, JMX_SSL_KEYSTORE_PASSWORD, METRICS_PORT, METRICS_BIND, HOME);

    // ---- service properties ----

    /**
     * Service property of the core's {@code Node}, {@code NodeRuntime} and {@code NodeMonitoring} services and the
     * transport's {@code RemoteRouter}: the node's name, the same text as {@link #NODE_NAME}.
     */
    public static final String SERVICE_NODE_NAME = "spore.node.name";
    /** Service property of the core's services: the node's creation, which tells a restarted node from the last. */
    public static final String SERVICE_NODE_CREATION = "spore.node.creation";
    /**
     * Service property of the transport's {@code RemoteRouter}: the UDP port its endpoint bound, named as
     * {@link #TRANSPORT_PORT}, whose ephemeral setting leaves it unknown until then.
     */
    public static final String SERVICE_TRANSPORT_PORT = "spore.transport.port";
    /**
     * Service property of the transport's {@code RemoteRouter}: the address its endpoint bound, named as
     * {@link #TRANSPORT_BIND}.
     */
    public static final String SERVICE_TRANSPORT_BIND = "spore.transport.bind";
    /**
     * Service property, {@code true}, of the {@code Consumer<String>} a launcher registers for the transport to call
     * with the reason when its receiving thread ends: the launcher then stops the node and exits non-zero.
     */
    public static final String SERVICE_FAIL_STOP = "spore.fail-stop";

    private SporeProperties() {
    }
}
