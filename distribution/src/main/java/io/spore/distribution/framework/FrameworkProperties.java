package io.spore.distribution.framework;

import io.spore.api.config.ApiPackages;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link NodeConfig} into the configuration map of the embedded Felix framework: where it caches, what the
 * system bundle exports, what the core, the transport, FileInstall and SCR read.
 *
 * <p>A transport setting the configuration leaves {@code null} is not written at all, so the transport's own
 * default applies; the names below are the contract with the transport bundle's activator.
 */
final class FrameworkProperties {
    /** Read by the core: the node's name. */
    static final String NODE_NAME = "spore.node.name";
    /** Read by the core: the scheduler's worker threads. */
    static final String WORKERS = "spore.workers";
    static final String MAILBOX_LIMIT = "spore.mailbox.limit";
    /** Read by the core: whether other nodes may spawn processes here ({@code true}|{@code false}). */
    static final String REMOTE_SPAWN = "spore.remote.spawn";
    /** Read by the core: whether this node's remote spawns carry the environment. */
    static final String EXPOSE_ENV_REMOTE_SPAWN = "spore.expose.env.remote.spawn";
    /** Read by the transport: the node's UDP port, 0 for a free one. */
    static final String TRANSPORT_PORT = "spore.transport.port";
    /** Read by the transport: the address the UDP endpoint binds to. */
    static final String TRANSPORT_BIND = "spore.transport.bind";
    /** Read by the transport: the cookie file; absent for {@code ~/.spore/cookie}. */
    static final String COOKIE_FILE = "spore.cookie.file";
    /** Read by the transport: an external media driver's directory; absent for an embedded driver. */
    static final String AERON_DIR = "spore.aeron.dir";
    /** Read by the transport: static routes, {@code name@host=address:port} separated by commas. */
    static final String ROUTES = "spore.routes";
    /** Read by the transport: the TCP port of the host's name service. */
    static final String NAME_SERVICE_PORT = "spore.nameservice.port";
    /** Read by the transport: milliseconds between heartbeats. */
    static final String HEARTBEAT_INTERVAL_MS = "spore.heartbeat.interval.ms";
    /** Read by the transport: milliseconds of silence after which a peer is down. */
    static final String DETECTION_TIMEOUT_MS = "spore.detection.timeout.ms";
    /** Read by the core and the JMX bundle: the folder for what the node keeps across restarts. */
    static final String STATE_DIR = "spore.state.dir";
    /** Read by the JMX bundle: the connector's RMI registry port; absent for no remote connector. */
    static final String JMX_PORT = "spore.jmx.port";
    /** Read by the JMX bundle: the connector's RMI server port; absent for the registry's. */
    static final String JMX_RMI_PORT = "spore.jmx.rmi.port";
    /** Read by the JMX bundle: the connector's address; absent for loopback. */
    static final String JMX_HOST = "spore.jmx.host";
    /** Read by the JMX bundle: the password file; absent for a generated one. */
    static final String JMX_PASSWORD_FILE = "spore.jmx.password.file";
    /** Read by the JMX bundle: the access file; absent for a generated one. */
    static final String JMX_ACCESS_FILE = "spore.jmx.access.file";
    /** Read by the JMX bundle: {@code true} for TLS on the connector. */
    static final String JMX_SSL = "spore.jmx.ssl";
    /** Read by the JMX bundle: the keystore with the node's key. */
    static final String JMX_SSL_KEYSTORE = "spore.jmx.ssl.keystore";
    /** Read by the JMX bundle: the file holding the keystore's password. */
    static final String JMX_SSL_KEYSTORE_PASSWORD_FILE = "spore.jmx.ssl.keystore.password.file";
    /** Read by the JMX bundle: {@code false} for a plain registry beside a TLS connector. */
    static final String JMX_REGISTRY_SSL = "spore.jmx.registry.ssl";

    /**
     * The launcher's class path holds the API bundle's packages, so the system bundle exports them and the launcher,
     * the tests and the bundles share one copy of the API classes. jdk.internal.misc is for Agrona, which reaches
     * Unsafe.
     */
    static final String SYSTEM_PACKAGES_EXTRA = "jdk.internal.misc," + ApiPackages.EXPORTS;

    /** Felix's levels: 1 errors, 2 warnings, 3 info, 4 debug. */
    private static final String QUIET_LOG_LEVEL = "1";
    private static final String VERBOSE_LOG_LEVEL = "4";
    /**
     * Felix SCR's levels by name. With no OSGi LogService in the node, SCR prints its own lines on the console, so a
     * component that fails to activate is still seen; warnings name components that cannot be satisfied.
     */
    private static final String SCR_QUIET_LOG_LEVEL = "warn";
    private static final String SCR_VERBOSE_LOG_LEVEL = "debug";

    private FrameworkProperties() {
    }

    /**
     * @param config  a concluded configuration
     * @param dataDir the folder for the framework's cache
     * @return the framework's configuration
     */
    static Map<String, String> of(NodeConfig config, Path dataDir) {
        String logLevel = config.verbose() ? VERBOSE_LOG_LEVEL : QUIET_LOG_LEVEL;
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", dataDir.resolve("felix-cache").toString());
        // A node starts from its bundles and deploy folder, never from what an earlier run left in the cache.
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        properties.put("org.osgi.framework.system.packages.extra", SYSTEM_PACKAGES_EXTRA);
        properties.put("felix.log.level", logLevel);

        properties.put(NODE_NAME, config.name().toString());
        if (config.workers() != null) {
            properties.put(WORKERS, Integer.toString(config.workers()));
        }
        if (config.mailboxLimit() != null) {
            properties.put(MAILBOX_LIMIT, Integer.toString(config.mailboxLimit()));
        }

        properties.put(REMOTE_SPAWN, Boolean.toString(config.remoteSpawn()));
        properties.put(EXPOSE_ENV_REMOTE_SPAWN, Boolean.toString(config.exposeEnvRemoteSpawn()));

        putTransport(properties, config);
        putIfSet(properties, STATE_DIR, config.stateDir());
        putIfSet(properties, JMX_PORT, config.jmxPort());
        putIfSet(properties, JMX_RMI_PORT, config.jmxRmiPort());
        putIfSet(properties, JMX_HOST, config.jmxHost());
        putIfSet(properties, JMX_PASSWORD_FILE, config.jmxPasswordFile());
        putIfSet(properties, JMX_ACCESS_FILE, config.jmxAccessFile());
        NodeConfig.JmxTls tls = config.jmxTls();
        if (tls != null) {
            properties.put(JMX_SSL, "true");
            putIfSet(properties, JMX_SSL_KEYSTORE, tls.keystore());
            putIfSet(properties, JMX_SSL_KEYSTORE_PASSWORD_FILE, tls.passwordFile());
            properties.put(JMX_REGISTRY_SSL, Boolean.toString(!tls.registryPlain()));
        }

        if (config.deployDir() != null) {
            properties.put("felix.fileinstall.dir", config.deployDir().toString());
            properties.put("felix.fileinstall.poll", Long.toString(config.deployPollMs()));
            properties.put("felix.fileinstall.noInitialDelay", "true");
            properties.put("felix.fileinstall.bundles.new.start", "true");
            // Through JUL, so FileInstall's lines share the core's one-line format.
            properties.put("felix.fileinstall.log.default", "jul");
            properties.put("felix.fileinstall.log.level", logLevel);
        }

        properties.put("ds.loglevel", config.verbose() ? SCR_VERBOSE_LOG_LEVEL : SCR_QUIET_LOG_LEVEL);
        return properties;
    }

    private static void putTransport(Map<String, String> properties, NodeConfig config) {
        putIfSet(properties, TRANSPORT_PORT, config.port());
        putIfSet(properties, TRANSPORT_BIND, config.bindAddress());
        putIfSet(properties, COOKIE_FILE, config.cookieFile());
        putIfSet(properties, AERON_DIR, config.aeronDir());
        if (!config.routes().isEmpty()) {
            properties.put(ROUTES, config.routes().stream().map(Route::toString).collect(Collectors.joining(",")));
        }
        putIfSet(properties, NAME_SERVICE_PORT, config.nameServicePort());
        if (config.heartbeatInterval() != null) {
            properties.put(HEARTBEAT_INTERVAL_MS, Long.toString(config.heartbeatInterval().toMillis()));
        }
        if (config.detectionTimeout() != null) {
            properties.put(DETECTION_TIMEOUT_MS, Long.toString(config.detectionTimeout().toMillis()));
        }
    }

    private static void putIfSet(Map<String, String> properties, String key, Object value) {
        if (value != null) {
            properties.put(key, value.toString());
        }
    }
}
