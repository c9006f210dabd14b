package io.spore.distribution.framework;

import io.spore.api.config.ApiPackages;
import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link NodeConfig} into the configuration map of the embedded Felix framework: where it caches, what the
 * system bundle exports, what the core, the transport, the JMX and metrics bundles, FileInstall and SCR read.
 *
 * <p>A setting the configuration leaves {@code null} is not written at all, so the reading bundle's default applies;
 * the names are those of {@link SporeProperties}, which the bundles' activators read.
 */
final class FrameworkProperties {
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
    /** The registry bundle's property: the members the node joins (io.spore.registry.node.NodeRegistryActivator). */
    static final String REGISTRY_MEMBERS = "spore.registry.members";
    /** The discovery order of a node with a registry, unless one is given. */
    static final String REGISTRY_DISCOVERY_ORDER = "routes,registry,nameservice";
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

        put(properties, SporeProperties.NODE_NAME, config.name().toString());
        if (config.workers() != null) {
            put(properties, SporeProperties.WORKERS, Integer.toString(config.workers()));
        }
        if (config.mailboxLimit() != null) {
            put(properties, SporeProperties.MAILBOX_LIMIT, Integer.toString(config.mailboxLimit()));
        }

        put(properties, SporeProperties.REMOTE_SPAWN, Boolean.toString(config.remoteSpawn()));
        put(properties, SporeProperties.EXPOSE_ENV_REMOTE_SPAWN, Boolean.toString(config.exposeEnvRemoteSpawn()));

        putTransport(properties, config);
        putIfSet(properties, SporeProperties.STATE_DIR, config.stateDir());
        putIfSet(properties, SporeProperties.JMX_PORT, config.jmxPort());
        putIfSet(properties, SporeProperties.JMX_RMI_PORT, config.jmxRmiPort());
        putIfSet(properties, SporeProperties.JMX_HOST, config.jmxHost());
        putIfSet(properties, SporeProperties.JMX_PASSWORD_FILE, config.jmxPasswordFile());
        putIfSet(properties, SporeProperties.JMX_ACCESS_FILE, config.jmxAccessFile());
        putIfSet(properties, SporeProperties.METRICS_PORT, config.metricsPort());
        putIfSet(properties, SporeProperties.METRICS_BIND, config.metricsBind());
        NodeConfig.JmxTls tls = config.jmxTls();
        if (tls != null) {
            put(properties, SporeProperties.JMX_SSL, "true");
            putIfSet(properties, SporeProperties.JMX_SSL_KEYSTORE, tls.keystore());
            putIfSet(properties, SporeProperties.JMX_SSL_KEYSTORE_PASSWORD_FILE, tls.passwordFile());
            put(properties, SporeProperties.JMX_REGISTRY_SSL, Boolean.toString(!tls.registryPlain()));
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
        putIfSet(properties, SporeProperties.TRANSPORT_PORT, config.port());
        putIfSet(properties, SporeProperties.TRANSPORT_BIND, config.bindAddress());
        putIfSet(properties, SporeProperties.COOKIE_FILE, config.cookieFile());
        putIfSet(properties, SporeProperties.WIRE_SECURITY,
            config.wireSecurity() == null ? null : config.wireSecurity().option());
        if (config.insecureNetwork()) {
            properties.put(SporeProperties.INSECURE_NETWORK.name(), "true");
        }
        putIfSet(properties, SporeProperties.IDENTITY_KEYSTORE, config.identityKeystore());
        putIfSet(properties, SporeProperties.IDENTITY_TRUSTSTORE, config.identityTruststore());
        putIfSet(properties, SporeProperties.IDENTITY_PASSWORD_FILE, config.identityPasswordFile());
        putIfSet(properties, SporeProperties.AERON_DIR, config.aeronDir());
        putIfSet(properties, SporeProperties.TRANSPORT_THREADING, config.transportThreading());
        putIfSet(properties, SporeProperties.TRANSPORT_IDLE, config.transportIdle());
        if (!config.routes().isEmpty()) {
            put(properties, SporeProperties.ROUTES,
                config.routes().stream().map(Route::toString).collect(Collectors.joining(",")));
        }
        properties.putAll(config.discovery());
        if (config.registry() != null) {
            properties.put(REGISTRY_MEMBERS, config.registry());
            // A node with a registry finds the others through it first (a map read, no network), unless the order
            // is given: routes still win, and the name service stays for nodes outside the registry.
            properties.putIfAbsent(SporeProperties.DISCOVERY_ORDER.name(), REGISTRY_DISCOVERY_ORDER);
        }
        putIfSet(properties, SporeProperties.NAME_SERVICE_PORT, config.nameServicePort());
        putIfSet(properties, SporeProperties.NAME_SERVICE_BIND, config.nameServiceBind());
        if (config.heartbeatInterval() != null) {
            put(properties, SporeProperties.HEARTBEAT_INTERVAL,
                Long.toString(config.heartbeatInterval().toMillis()));
        }
        if (config.detectionTimeout() != null) {
            put(properties, SporeProperties.DETECTION_TIMEOUT,
                Long.toString(config.detectionTimeout().toMillis()));
        }
        if (config.termLength() != null) {
            put(properties, SporeProperties.TERM_LENGTH, Integer.toString(config.termLength()));
        }
        if (config.maxMessageSize() != null) {
            put(properties, SporeProperties.MAX_MESSAGE_SIZE, Integer.toString(config.maxMessageSize()));
        }
        if (config.closeTimeout() != null) {
            put(properties, SporeProperties.CLOSE_TIMEOUT, Long.toString(config.closeTimeout().toMillis()));
        }
    }

    private static void put(Map<String, String> properties, SporeProperty<?> property, String value) {
        properties.put(property.name(), value);
    }

    private static void putIfSet(Map<String, String> properties, SporeProperty<?> property, Object value) {
        if (value != null) {
            properties.put(property.name(), value.toString());
        }
    }
}
