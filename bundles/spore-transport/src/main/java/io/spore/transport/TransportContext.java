package io.spore.transport;

import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.SporeProperties;
import io.spore.transport.dns.DnsSettings;
import io.spore.transport.identity.NodeIdentity;
import io.spore.transport.identity.TrustedPeers;
import io.spore.transport.naming.DiscoveryChain;
import io.spore.transport.naming.DiscoveryProviders;
import io.spore.transport.naming.NameServiceConfig;
import io.spore.transport.naming.StaticRoutes;
import io.spore.transport.seal.KeyLimits;
import io.spore.transport.seal.Suite;
import io.spore.transport.security.CookieFile;
import io.spore.wire.TypeRegistry;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a node's transport runs: its UDP endpoint, the Aeron media driver it uses, failure detection, message limits,
 * the cookie and the name service. Fluent setters, Aeron style; {@link #conclude()} validates every setting and
 * fills in what is derived before anything starts, and a concluded context no longer changes.
 *
 * <p>Defaults suit a small machine: an embedded media driver in {@link ThreadingMode#SHARED} mode (one thread; the
 * dedicated mode's three busy threads starve a 2-core host) that backs off when idle, an ephemeral UDP port, and the
 * cookie in {@code ~/.spore/cookie}.
 *
 * <p>Threading: build and conclude on one thread; after {@link #conclude()} the context is read-only and safe to
 * share.
 */
public final class TransportContext {
    /** Port 0 asks the system for a free (ephemeral) UDP port; the name service tells peers which one it got. */
    public static final int EPHEMERAL_PORT = 0;
    /** Default interval between heartbeats to each connected node. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = SporeProperties.HEARTBEAT_INTERVAL.defaultValue();
    /** Default silence after which a connected node is declared down. */
    public static final Duration DEFAULT_DETECTION_TIMEOUT = SporeProperties.DETECTION_TIMEOUT.defaultValue();
    /** Default largest encoded message body, 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = SporeProperties.MAX_MESSAGE_SIZE.defaultValue();
    /**
     * The largest message body that may be configured, 1 GiB: frames longer than one Aeron message travel in chunks,
     * so the term does not bound it; a Java array (the joined frame, the encoded payload) and the heap do.
     */
    public static final int MAX_MAX_MESSAGE_SIZE = 1 << 30;
    /** Room reserved around the largest message body for the frame that carries it (header, pids, names). */
    public static final int FRAME_HEADROOM = 4096;
    /** Default Aeron stream for control traffic: handshakes, heartbeats, calls, spawns, links and monitors. */
    public static final int DEFAULT_CONTROL_STREAM_ID = 1001;
    /** Default Aeron stream for user messages, so a flood of them does not delay control traffic. */
    public static final int DEFAULT_DATA_STREAM_ID = 1002;
    /** Default Aeron stream for frames above the large-message threshold, opened per peer when first needed. */
    public static final int DEFAULT_LARGE_STREAM_ID = 1003;
    /** Default payload size above which a frame goes on the large-message stream: 64 KiB. */
    public static final int DEFAULT_LARGE_MESSAGE_THRESHOLD = SporeProperties.LARGE_MESSAGE_THRESHOLD.defaultValue();
    /** Default time a peer's large-message stream stays open unused before it is closed. */
    public static final Duration DEFAULT_LARGE_STREAM_IDLE = Duration.ofSeconds(10);
    /** Default TCP port of the per-host name service (epmd uses 4369). */
    public static final int DEFAULT_NAME_SERVICE_PORT = SporeProperties.NAME_SERVICE_PORT.defaultValue();
    /** Default address the name service listens on: loopback, so only this host's processes reach it. */
    public static final String DEFAULT_NAME_SERVICE_BIND_ADDRESS = SporeProperties.NAME_SERVICE_BIND.defaultValue();
    /** Default most sessions per stream an embedded driver takes: peers, and strangers until they are rejected. */
    public static final int DEFAULT_SESSION_LIMIT = 1024;
    /** Default time to wait for a name service answer. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);
    /** Default time to wait for an external media driver to show it is alive. */
    public static final Duration DEFAULT_DRIVER_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a sender retries a back-pressured publication before it is told {@code BACK_PRESSURED}. */
    public static final Duration DEFAULT_BACK_PRESSURE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Default length of each of the three terms of a publication's log, 512 KiB: a busy peer then pins about 6 MiB of
     * {@code /dev/shm} on each side (two publications and two images of three terms), while a sender may still run
     * 256 KiB (half a term) ahead of what the driver sent, twice Aeron's default receiver window, so a receiver that
     * pauses briefly does not back-pressure at once. Aeron carries 64 KiB in one message at this length.
     */
    public static final int DEFAULT_TERM_BUFFER_LENGTH = 512 * 1024;
    /**
     * The shortest term, 256 KiB: every handshake frame (an identity's certificates take up to 16 KiB) fits the
     * 32 KiB message it allows, so frames are cut into chunks only once the connection is up.
     */
    public static final int MIN_TERM_BUFFER_LENGTH = 256 * 1024;
    /** Default bound on the frames queued for a node while its connection is being made, in bytes: 4 MiB. */
    public static final int DEFAULT_PENDING_LIMIT_BYTES = 4 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(TransportContext.class.getName());

    private NodeName nodeName;
    private String bindAddress;
    private int port = EPHEMERAL_PORT;
    private Path aeronDir;
    private Path embeddedDirParent;
    private ThreadingMode threadingMode = ThreadingMode.SHARED;
    private Supplier<IdleStrategy> idleStrategy = IdleStrategies.backoff();
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration detectionTimeout = DEFAULT_DETECTION_TIMEOUT;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int termBufferLength = DEFAULT_TERM_BUFFER_LENGTH;
    private boolean termBufferSparse = true;
    private int controlStreamId = DEFAULT_CONTROL_STREAM_ID;
    private int dataStreamId = DEFAULT_DATA_STREAM_ID;
    private int largeStreamId = DEFAULT_LARGE_STREAM_ID;
    private int largeMessageThreshold = DEFAULT_LARGE_MESSAGE_THRESHOLD;
    private Duration largeStreamIdle = DEFAULT_LARGE_STREAM_IDLE;
    private boolean readsLargeStream = true;
    private boolean readsControlBatches = true;
    private Path cookieFile;
    private int nameServicePort = DEFAULT_NAME_SERVICE_PORT;
    private String nameServiceBindAddress = DEFAULT_NAME_SERVICE_BIND_ADDRESS;
    private StaticRoutes staticRoutes = StaticRoutes.NONE;
    private Duration lookupTimeout = DEFAULT_LOOKUP_TIMEOUT;
    private Duration driverTimeout = DEFAULT_DRIVER_TIMEOUT;
    private Duration backPressureTimeout = DEFAULT_BACK_PRESSURE_TIMEOUT;
    private Duration closeTimeout = SporeProperties.CLOSE_TIMEOUT.defaultValue();
    private int pendingLimitBytes;
    private TypeRegistry typeRegistry;
    private ErrorHandler errorHandler;
    private int sessionLimit = DEFAULT_SESSION_LIMIT;
    private WireSecurity wireSecurity = WireSecurity.SEALED;
    private boolean insecureNetwork;
    private Suite sealSuite = Suite.AES_256_CTR_HMAC_SHA256;
    private KeyLimits sealKeyLimits = KeyLimits.DEFAULT;
    private NodeIdentity identity;
    private TrustedPeers trustedPeers;
    private volatile java.util.function.Consumer<String> failStop;
    private boolean concluded;

    /** @param nodeName this node's name, {@code name@host}; required */
    public TransportContext nodeName(NodeName nodeName) {
        checkOpen();
        this.nodeName = nodeName;
        return this;
    }

    /**
     * @param bindAddress the address the node's UDP endpoint binds to; default {@code 127.0.0.1} when the node's
     *                    host is {@code localhost} or a loopback address (such a node is meant to be reachable from
     *                    this host only), {@code 0.0.0.0} (every interface) otherwise
     */
    public TransportContext bindAddress(String bindAddress) {
        checkOpen();
        this.bindAddress = bindAddress;
        return this;
    }

    /** @param port the node's UDP port; default {@link #EPHEMERAL_PORT}, a free port chosen by the system */
    public TransportContext port(int port) {
        checkOpen();
        this.port = port;
        return this;
    }

    /**
     * @param aeronDir the directory of an external media driver that is already running (shared by the nodes of a
     *                 host); default {@code null}: the node embeds its own driver in a fresh temporary directory,
     *                 deleted when the node closes
     */
    public TransportContext aeronDir(Path aeronDir) {
        checkOpen();
        this.aeronDir = aeronDir;
        return this;
    }

    /**
     * @param embeddedDirParent where an embedded driver's temporary directory is made; default this user's own
     *                          {@code /dev/shm/spore-<uid>} (mode 0700) when {@code /dev/shm} exists (Aeron's
     *                          buffers are memory-mapped files), else the same under {@code java.io.tmpdir}. It must
     *                          be a real directory of this user's that others cannot write.
     */
    public TransportContext embeddedDirParent(Path embeddedDirParent) {
        checkOpen();
        this.embeddedDirParent = embeddedDirParent;
        return this;
    }

    /**
     * @param threadingMode the embedded driver's threading; default {@link ThreadingMode#SHARED}, one thread.
     *                      {@code INVOKER}: no driver thread; the transport's agent runs the driver in its duty
     *                      cycle, and a thread that waits for a call's answer runs it too, so that the request leaves
     *                      and the answer is read on the caller's own thread ({@link InvokedDriver}): the lowest
     *                      round trip on a machine with few cores. While the agent is held (a stalled receiver), a
     *                      {@link DriverKeeper} runs the driver, so its peers are back-pressured as in SHARED.
     */
    public TransportContext threadingMode(ThreadingMode threadingMode) {
        checkOpen();
        this.threadingMode = threadingMode;
        return this;
    }

    /**
     * @param idleStrategy makes the idle strategy of each embedded driver thread (called once per thread, since
     *                     strategies keep state); default {@link IdleStrategies#backoff()}. See
     *                     {@link IdleStrategies#parse(String)} for the textual forms.
     */
    public TransportContext idleStrategy(Supplier<IdleStrategy> idleStrategy) {
        checkOpen();
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** @param heartbeatInterval time between heartbeats to each connected node; default 1 s */
    public TransportContext heartbeatInterval(Duration heartbeatInterval) {
        checkOpen();
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    /**
     * @param detectionTimeout silence after which a connected node is declared down; default 3 s, and at least
     *                         twice the heartbeat interval so that one lost heartbeat does not take a node down
     */
    public TransportContext detectionTimeout(Duration detectionTimeout) {
        checkOpen();
        this.detectionTimeout = detectionTimeout;
        return this;
    }

    /**
     * @param maxMessageSize the largest encoded message body in bytes, sent or accepted; default 1 MiB, at most
     *                       {@value #MAX_MAX_MESSAGE_SIZE}. A peer's pieces of a longer frame are dropped before
     *                       anything is allocated for them, and what its pieces make this node hold is bounded by it
     */
    public TransportContext maxMessageSize(int maxMessageSize) {
        checkOpen();
        this.maxMessageSize = maxMessageSize;
        return this;
    }

    /**
     * @param termBufferLength length of each of the three terms of a publication's log (and of the peer's image of
     *                         it): a power of two from {@value #MIN_TERM_BUFFER_LENGTH} to 1 GiB; default
     *                         {@value #DEFAULT_TERM_BUFFER_LENGTH}.
     *                         Aeron carries at most an eighth of a term in one message; a longer frame goes in chunks
     *                         that the peer joins, so any message up to {@code maxMessageSize} travels whatever the
     *                         term. A busy peer pins about 12 terms of {@code /dev/shm} on each side; raise it only
     *                         for a link whose bandwidth-delay product exceeds half a term, together with the
     *                         receiver window (Aeron's {@code aeron.rcv.initial.window.length} on an external
     *                         driver, and the socket buffers it needs)
     */
    public TransportContext termBufferLength(int termBufferLength) {
        checkOpen();
        this.termBufferLength = termBufferLength;
        return this;
    }

    /**
     * @param termBufferSparse whether log buffers are sparse files; default {@code true}, which keeps the memory of
     *                         idle connections small at the price of page faults when a term is first written
     */
    public TransportContext termBufferSparse(boolean termBufferSparse) {
        checkOpen();
        this.termBufferSparse = termBufferSparse;
        return this;
    }

    /** @param controlStreamId the Aeron stream of control traffic; default {@value #DEFAULT_CONTROL_STREAM_ID} */
    public TransportContext controlStreamId(int controlStreamId) {
        checkOpen();
        this.controlStreamId = controlStreamId;
        return this;
    }

    /** @param dataStreamId the Aeron stream of user messages; default {@value #DEFAULT_DATA_STREAM_ID} */
    public TransportContext dataStreamId(int dataStreamId) {
        checkOpen();
        this.dataStreamId = dataStreamId;
        return this;
    }

    /**
     * @param largeStreamId the Aeron stream of frames above the large-message threshold; default
     *                      {@value #DEFAULT_LARGE_STREAM_ID}
     */
    public TransportContext largeStreamId(int largeStreamId) {
        checkOpen();
        this.largeStreamId = largeStreamId;
        return this;
    }

    /**
     * @param largeMessageThreshold the payload size in bytes above which a message, call or reply travels on its
     *                              peer's large-message stream, so that it does not delay the small frames sent
     *                              after it; default 64 KiB
     */
    public TransportContext largeMessageThreshold(int largeMessageThreshold) {
        checkOpen();
        this.largeMessageThreshold = largeMessageThreshold;
        return this;
    }

    /** @param largeStreamIdle how long a peer's large-message stream stays open unused; default 10 s */
    public TransportContext largeStreamIdle(Duration largeStreamIdle) {
        checkOpen();
        this.largeStreamIdle = largeStreamIdle;
        return this;
    }

    /**
     * @param cookieFile the file holding the shared secret, which must exist; default {@code null}:
     *                   {@code ~/.spore/cookie}, made on first use (see {@link CookieFile#resolve(Path)})
     */
    public TransportContext cookieFile(Path cookieFile) {
        checkOpen();
        this.cookieFile = cookieFile;
        return this;
    }

    /**
     * @param wireSecurity how frames are protected after the handshake: {@link WireSecurity#SEALED} (the default),
     *                     {@link WireSecurity#AUTHENTICATED}, or {@link WireSecurity#NONE}, which needs
     *                     {@link #insecureNetwork(boolean)}; every node a node talks to must run the same
     */
    public TransportContext wireSecurity(WireSecurity wireSecurity) {
        checkOpen();
        this.wireSecurity = Objects.requireNonNull(wireSecurity, "wireSecurity");
        return this;
    }

    /**
     * @param insecureNetwork that the operator vouches for the network: required for {@link WireSecurity#NONE},
     *                        which then logs a warning at every start; default {@code false}
     */
    public TransportContext insecureNetwork(boolean insecureNetwork) {
        checkOpen();
        this.insecureNetwork = insecureNetwork;
        return this;
    }

    /**
     * @param suiteName the suite this node prefers for {@link WireSecurity#SEALED} when it accepts a connection:
     *                  {@code aes-256-ctr-hmac-sha256} (the default: no allocation per frame), {@code aes-256-gcm}
     *                  or {@code chacha20-poly1305}; the connecting node offers all three
     */
    public TransportContext sealSuite(String suiteName) {
        checkOpen();
        for (Suite suite : Suite.values()) {
            if (suite.encrypts() && suite.name().replace('_', '-').equalsIgnoreCase(suiteName)) {
                this.sealSuite = suite;
                return this;
            }
        }
        throw invalid("unknown seal suite '" + suiteName + "': expected aes-256-ctr-hmac-sha256, aes-256-gcm or"
            + " chacha20-poly1305");
    }

    /**
     * @param identity this node's key and certificate, which it proves in every handshake; default {@code null}:
     *                 none (its name then rests on the cookie, for peers that do not require identities)
     */
    public TransportContext identity(NodeIdentity identity) {
        checkOpen();
        this.identity = identity;
        return this;
    }

    /**
     * @param trustedPeers the certificates (CAs or pinned ones) this node accepts peers by; with them, every peer
     *                     must prove its name with a trusted certificate or is refused; default {@code null}: peers
     *                     need only the cookie
     */
    public TransportContext trustedPeers(TrustedPeers trustedPeers) {
        checkOpen();
        this.trustedPeers = trustedPeers;
        return this;
    }

    /** @param nameServicePort the well-known TCP port of the per-host name service; default 4370 */
    public TransportContext nameServicePort(int nameServicePort) {
        checkOpen();
        this.nameServicePort = nameServicePort;
        return this;
    }

    /**
     * @param nameServiceBindAddress the address the name service listens on when this node serves it; default
     *                               {@value #DEFAULT_NAME_SERVICE_BIND_ADDRESS}, so that only this host's processes
     *                               reach it, and nodes elsewhere find this host's nodes through static routes.
     *                               {@code 0.0.0.0} (or one interface's address) lets nodes on other hosts look
     *                               names up; they must still prove the cookie, and registering is accepted only
     *                               from this host. Every node of a host should use the same value, since whichever
     *                               serves decides.
     */
    public TransportContext nameServiceBindAddress(String nameServiceBindAddress) {
        checkOpen();
        this.nameServiceBindAddress = nameServiceBindAddress;
        return this;
    }

    /** @param staticRoutes addresses of nodes that are not looked up but configured; they take precedence */
    public TransportContext staticRoutes(StaticRoutes staticRoutes) {
        checkOpen();
        this.staticRoutes = staticRoutes;
        return this;
    }

    /** @param lookupTimeout how long to wait for a name service answer; default 2 s */
    public TransportContext lookupTimeout(Duration lookupTimeout) {
        checkOpen();
        this.lookupTimeout = lookupTimeout;
        return this;
    }

    /** @param driverTimeout how long to wait for an external media driver to show it is alive; default 10 s */
    public TransportContext driverTimeout(Duration driverTimeout) {
        checkOpen();
        this.driverTimeout = driverTimeout;
        return this;
    }

    /**
     * @param backPressureTimeout how long a sender retries, with the idle strategy, while Aeron reports back-pressure
     *                            and the peer reads nothing more (neither publication's limit moves) before the send
     *                            fails with {@code BACK_PRESSURED}; default 1 s, longer than a healthy receiver's
     *                            pauses (a GC, a busy host's scheduler). A peer that reads is waited for, up to the
     *                            detection timeout
     */
    public TransportContext backPressureTimeout(Duration backPressureTimeout) {
        checkOpen();
        this.backPressureTimeout = backPressureTimeout;
        return this;
    }

    /**
     * @param closeTimeout how long {@link AeronTransport#close()} waits for every node this one sent to to
     *                     acknowledge all it sent, before it says goodbye; default 5 s
     */
    public TransportContext closeTimeout(Duration closeTimeout) {
        checkOpen();
        this.closeTimeout = closeTimeout;
        return this;
    }

    /**
     * @param pendingLimitBytes how many bytes of frames may wait for a node while the connection to it is being made
     *                          (resolved, opened, authenticated); a send or call past it fails with
     *                          {@code BACK_PRESSURED}; default 0: 4 MiB, or two of the largest frames if
     *                          that is more
     */
    public TransportContext pendingLimitBytes(int pendingLimitBytes) {
        checkOpen();
        this.pendingLimitBytes = pendingLimitBytes;
        return this;
    }

    /**
     * @param typeRegistry the records and enums that may travel in messages; default a new, empty registry. Both
     *                     nodes must register a type under the same wire name. Thread-safe; may change while the
     *                     transport runs.
     */
    public TransportContext typeRegistry(TypeRegistry typeRegistry) {
        checkOpen();
        this.typeRegistry = typeRegistry;
        return this;
    }

    /**
     * @param errorHandler told of errors on Aeron's own threads (driver and client conductor); default: logged at
     *                     ERROR through {@link System.Logger}. Called on those threads: it must not block.
     */
    public TransportContext errorHandler(ErrorHandler errorHandler) {
        checkOpen();
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @param sessionLimit the most Aeron sessions per stream the embedded media driver accepts on the node's
     *                     endpoint (each connected peer takes one; a session that never completes a handshake is
     *                     rejected after the connect timeout); default {@value #DEFAULT_SESSION_LIMIT}
     */
    public TransportContext sessionLimit(int sessionLimit) {
        checkOpen();
        this.sessionLimit = sessionLimit;
        return this;
    }

    /** @return the most sessions per stream the embedded driver accepts */
    public int sessionLimit() {
        return sessionLimit;
    }

    /**
     * @param failStop what to do when the transport can no longer receive for its node (its receiving agent ended
     *                 with an error no frame handler could catch), given one line saying why; called once, on a
     *                 thread of its own. Default: the transport closes, so peers see the node leave instead of a
     *                 node that answers nothing. Inside OSGi the transport bundle stops the whole node. A hook,
     *                 not a setting: it may be given after {@link #conclude()}, until the transport starts.
     */
    public TransportContext failStop(java.util.function.Consumer<String> failStop) {
        this.failStop = failStop;
        return this;
    }

    /**
     * Validates the settings and fills in the derived ones. Does no I/O: neither the cookie file nor the driver
     * directory is touched here.
     *
     * @return this
     * @throws SporeException {@code INVALID_ARGUMENT} naming the setting that is missing or out of range
     */
    public TransportContext conclude() {
        if (concluded) {
            return this;
        }
        if (nodeName == null) {
            throw invalid("nodeName is required (name@host)");
        }
        if (bindAddress == null) {
            bindAddress = isLoopbackHost(nodeName.host()) ? "127.0.0.1" : "0.0.0.0";
        }
        requireText("bindAddress", bindAddress);
        requirePort("port", port, true);
        if (embeddedDirParent == null) {
            Path shm = Path.of("/dev/shm");
            embeddedDirParent = DriverDirParent.defaultFor(
                Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")));
        }
        Objects.requireNonNull(threadingMode, "threadingMode");
        if (threadingMode == ThreadingMode.DEDICATED && Runtime.getRuntime().availableProcessors() <= 2) {
            LOG.log(System.Logger.Level.WARNING, "DEDICATED threading runs three driver threads on this "
                + Runtime.getRuntime().availableProcessors() + "-core machine; they may starve the node's processes");
        }
        if (idleStrategy == null) {
            throw invalid("idleStrategy cannot be null");
        }
        warnOfSpinningOnFewCores();
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("detectionTimeout", detectionTimeout);
        if (detectionTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw invalid("detectionTimeout (" + detectionTimeout + ") must be at least twice heartbeatInterval ("
                + heartbeatInterval + "), or one lost heartbeat takes a node down");
        }
        if (wireSecurity == WireSecurity.NONE && !insecureNetwork) {
            throw invalid("wire security none sends every frame in clear, where anyone who sees the traffic can read"
                + " it and inject frames as a connected node; confirm that the network is trusted with the"
                + " insecure-network option (--insecure-network), or keep the default, sealed");
        }
        if (wireSecurity == WireSecurity.NONE) {
            LOG.log(System.Logger.Level.WARNING, nodeName + " sends and accepts frames in clear (wire security none,"
                + " insecure network): anyone on the network can read them and inject frames as a connected node");
        }
        // Any length travels: a frame longer than one Aeron message is cut into chunks (FrameChunker).
        if (maxMessageSize < 1 || maxMessageSize > MAX_MAX_MESSAGE_SIZE) {
            throw invalid("maxMessageSize must be between 1 and " + MAX_MAX_MESSAGE_SIZE + " bytes, was "
                + maxMessageSize);
        }
        if (Integer.bitCount(termBufferLength) != 1 || termBufferLength < MIN_TERM_BUFFER_LENGTH
            || termBufferLength > LogBufferDescriptor.TERM_MAX_LENGTH) {
            throw invalid("termBufferLength must be a power of two between " + MIN_TERM_BUFFER_LENGTH + " and "
                + LogBufferDescriptor.TERM_MAX_LENGTH + ", was " + termBufferLength);
        }
        if (controlStreamId == dataStreamId || largeStreamId == controlStreamId || largeStreamId == dataStreamId) {
            throw invalid("controlStreamId, dataStreamId and largeStreamId must differ, were " + controlStreamId + ", "
                + dataStreamId + " and " + largeStreamId);
        }
        if (largeMessageThreshold < 1) {
            throw invalid("largeMessageThreshold must be at least 1, was " + largeMessageThreshold);
        }
        requirePositive("largeStreamIdle", largeStreamIdle);
        requirePort("nameServicePort", nameServicePort, false);
        requireText("nameServiceBindAddress", nameServiceBindAddress);
        Objects.requireNonNull(staticRoutes, "staticRoutes");
        requirePositive("lookupTimeout", lookupTimeout);
        if (sessionLimit < 2) {
            throw invalid("sessionLimit must be at least 2, was " + sessionLimit);
        }
        requirePositive("driverTimeout", driverTimeout);
        requirePositive("backPressureTimeout", backPressureTimeout);
        requirePositive("closeTimeout", closeTimeout);
        if (pendingLimitBytes == 0) {
            pendingLimitBytes = (int) Math.min(Integer.MAX_VALUE,
                Math.max(DEFAULT_PENDING_LIMIT_BYTES, 2L * (maxMessageSize + FRAME_HEADROOM)));
        }
        if (pendingLimitBytes < maxMessageSize + FRAME_HEADROOM) {
            throw invalid("pendingLimitBytes (" + pendingLimitBytes + ") must hold at least one frame of the largest"
                + " message (" + (maxMessageSize + FRAME_HEADROOM) + " bytes)");
        }
        if (typeRegistry == null) {
            typeRegistry = new TypeRegistry();
        }
        if (errorHandler == null) {
            errorHandler = error -> LOG.log(System.Logger.Level.ERROR, "transport error on " + nodeName, error);
        }
        concluded = true;
        return this;
    }

    private static boolean isLoopbackHost(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.");
    }

    private static void requireText(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(setting + " cannot be empty");
        }
    }

    private static void requirePort(String setting, int value, boolean zeroAllowed) {
        if (value < (zeroAllowed ? 0 : 1) || value > 65535) {
            throw invalid(setting + " must be between " + (zeroAllowed ? 0 : 1) + " and 65535, was " + value);
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(setting + " must be a positive duration, was " + value);
        }
    }

    private static SporeException invalid(String message) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, "invalid transport setting: " + message);
    }

    private void checkOpen() {
        if (concluded) {
            throw new IllegalStateException("the transport context is concluded; settings can no longer change");
        }
    }

    /** @return whether {@link #conclude()} has run */
    public boolean isConcluded() {
        return concluded;
    }

    public NodeName nodeName() {
        return nodeName;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    /**
     * Spinning threads never give their core back: with fewer cores than spinners plus the node's workers, they take
     * turns with the workers and every latency gets worse, not better. Said once, at start.
     */
    private void warnOfSpinningOnFewCores() {
        IdleStrategy sample = idleStrategy.get();
        if (!(sample instanceof BusySpinIdleStrategy || sample instanceof NoOpIdleStrategy)) {
            return;
        }
        int spinners = 1 + switch (threadingMode) {
            case DEDICATED -> 3;
            case SHARED_NETWORK -> 2;
            default -> 1;
        };
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores <= spinners) {
            LOG.log(System.Logger.Level.WARNING, "the spinning idle strategy keeps " + spinners + " threads busy"
                + " (the media driver's and the transport's agent) on this " + cores + "-core machine, so they take"
                + " turns with the node's workers: expect higher latency, not lower");
        }
    }

    /** @return the external driver's directory, or {@code null} when the node embeds its own driver */
    public Path aeronDir() {
        return aeronDir;
    }

    public Path embeddedDirParent() {
        return embeddedDirParent;
    }

    public ThreadingMode threadingMode() {
        return threadingMode;
    }

    public Supplier<IdleStrategy> idleStrategy() {
        return idleStrategy;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration detectionTimeout() {
        return detectionTimeout;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** @return the largest frame the transport sends: {@link #maxMessageSize()} plus {@link #FRAME_HEADROOM} */
    public int maxFrameLength() {
        return maxMessageSize + FRAME_HEADROOM;
    }

    public int termBufferLength() {
        return termBufferLength;
    }

    /**
     * @return the term of the large-message stream's log: half the others' (at least the shortest), so that a busy
     *         peer's six logs (three publications, three images) stay within what four held before that stream: its
     *         sender may still run a quarter of the others' term ahead, as far as the receiver's window allows anyway
     */
    public int largeTermBufferLength() {
        return Math.max(MIN_TERM_BUFFER_LENGTH, termBufferLength / 2);
    }

    public boolean termBufferSparse() {
        return termBufferSparse;
    }

    public int controlStreamId() {
        return controlStreamId;
    }

    public int dataStreamId() {
        return dataStreamId;
    }

    public int largeStreamId() {
        return largeStreamId;
    }

    /**
     * @return {@link PeerPublications#CONTROL}, {@link PeerPublications#DATA} or {@link PeerPublications#LARGE}: which
     *         of a peer's streams Aeron's {@code streamId} is
     */
    int streamOf(int streamId) {
        return streamId == controlStreamId ? PeerPublications.CONTROL
            : streamId == dataStreamId ? PeerPublications.DATA : PeerPublications.LARGE;
    }

    /** @return the payload size above which a frame travels on the large-message stream */
    public int largeMessageThreshold() {
        return largeMessageThreshold;
    }

    /** @return how long a peer's large-message stream stays open unused */
    public Duration largeStreamIdle() {
        return largeStreamIdle;
    }

    /** @return how frames are protected after the handshake */
    public WireSecurity wireSecurity() {
        return wireSecurity;
    }

    /** @return whether the operator vouched for the network (needed for {@link WireSecurity#NONE}) */
    public boolean insecureNetwork() {
        return insecureNetwork;
    }

    /** @return this node's identity, or {@code null} for none */
    public NodeIdentity identity() {
        return identity;
    }

    /** @return the certificates this node accepts peers by, or {@code null} when it requires no identities */
    public TrustedPeers trustedPeers() {
        return trustedPeers;
    }

    /** @return the suite this node prefers for {@link WireSecurity#SEALED} */
    Suite sealSuite() {
        return sealSuite;
    }

    /**
     * @param limits when a stream's sending key rotates; the default is {@link KeyLimits#DEFAULT} (within the
     *               suites' safe limits). Smaller limits make rotations frequent, for tests of rotation under load.
     */
    TransportContext sealKeyLimits(KeyLimits limits) {
        checkOpen();
        this.sealKeyLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** @return when a stream's sending key rotates */
    KeyLimits sealKeyLimits() {
        return sealKeyLimits;
    }

    /**
     * @param reads whether this node's handshake says it reads the large-message stream; default true. Tests set it
     *              false to play a node of an earlier build, which reads no such stream and must be sent none.
     */
    TransportContext readsLargeStream(boolean reads) {
        checkOpen();
        this.readsLargeStream = reads;
        return this;
    }

    /** @return whether this node's handshake says it reads the large-message stream */
    boolean readsLargeStream() {
        return readsLargeStream;
    }

    /**
     * @param reads whether this node's handshake says it reads batches on its control stream; default true. Tests set
     *              it false to play a node of an earlier build, which must be sent every control frame alone.
     */
    TransportContext readsControlBatches(boolean reads) {
        checkOpen();
        this.readsControlBatches = reads;
        return this;
    }

    /** @return whether this node's handshake says it reads batches on its control stream */
    boolean readsControlBatches() {
        return readsControlBatches;
    }

    /** @return the cookie file the user named, or {@code null} for the default one */
    public Path cookieFile() {
        return cookieFile;
    }

    public int nameServicePort() {
        return nameServicePort;
    }

    public String nameServiceBindAddress() {
        return nameServiceBindAddress;
    }

    public StaticRoutes staticRoutes() {
        return staticRoutes;
    }

    public Duration lookupTimeout() {
        return lookupTimeout;
    }

    public Duration driverTimeout() {
        return driverTimeout;
    }

    public ErrorHandler errorHandler() {
        return errorHandler;
    }

    /** @return what to do when the transport can no longer receive, or {@code null} for the default (close it) */
    public java.util.function.Consumer<String> failStop() {
        return failStop;
    }

    public Duration backPressureTimeout() {
        return backPressureTimeout;
    }

    /** @return how long a close waits for the other nodes to acknowledge what this node sent them */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    public int pendingLimitBytes() {
        return pendingLimitBytes;
    }

    /** @return the records and enums that may travel in messages */
    public TypeRegistry typeRegistry() {
        return typeRegistry;
    }

    /** @return where this node finds its host's name service, from the concluded settings */
    public NameServiceConfig nameServiceConfig() {
        return new NameServiceConfig(nameServiceBindAddress, nameServicePort, lookupTimeout);
    }

    // ---- discovery: how nodes are found (kept together, apart from the other settings) ----

    private List<String> discoveryOrder = DiscoveryChain.DEFAULT_ORDER;
    private DiscoveryProviders discoveryProviders = new DiscoveryProviders();
    private DnsSettings dnsDiscovery;

    /**
     * @param discoveryOrder the names of the discovery providers to ask, in order; default {@code routes},
     *                       {@code nameservice}. Each must be built in or registered when the transport starts.
     */
    public TransportContext discoveryOrder(List<String> discoveryOrder) {
        checkOpen();
        if (discoveryOrder == null || discoveryOrder.isEmpty()) {
            throw invalid("discoveryOrder must name at least one provider");
        }
        this.discoveryOrder = List.copyOf(discoveryOrder);
        return this;
    }

    /** @param discoveryProviders the providers registered from outside (OSGi services), read at each lookup */
    public TransportContext discoveryProviders(DiscoveryProviders discoveryProviders) {
        checkOpen();
        this.discoveryProviders = Objects.requireNonNull(discoveryProviders, "discoveryProviders");
        return this;
    }

    /**
     * @param dnsDiscovery the settings of the {@code dns} provider, which whoever runs the transport starts and
     *                     registers (the bundle's activator does); {@code null}, the default, for none
     */
    public TransportContext dnsDiscovery(DnsSettings dnsDiscovery) {
        checkOpen();
        this.dnsDiscovery = dnsDiscovery;
        return this;
    }

    /** @return the names of the discovery providers to ask, in order */
    public List<String> discoveryOrder() {
        return discoveryOrder;
    }

    /** @return the providers registered from outside */
    public DiscoveryProviders discoveryProviders() {
        return discoveryProviders;
    }

    /** @return the settings of the {@code dns} provider, or {@code null} when it is not configured */
    public DnsSettings dnsDiscovery() {
        return dnsDiscovery;
    }
}
