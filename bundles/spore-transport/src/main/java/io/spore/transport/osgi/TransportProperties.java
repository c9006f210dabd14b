package io.spore.transport.osgi;

import io.aeron.driver.ThreadingMode;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;
import io.spore.core.metatype.SettingsDescription;
import io.spore.transport.IdleStrategies;
import io.spore.transport.TransportContext;
import io.spore.transport.WireSecurity;
import io.spore.transport.identity.IdentitySettings;
import io.spore.transport.naming.DiscoveryProviders;
import io.spore.transport.naming.StaticRoutes;
import io.spore.wire.TypeRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the transport's settings from the framework properties a node is started with, the transport's group of
 * {@link SporeProperties}; an absent or blank property leaves the transport's default.
 *
 * <p>Threading: stateless.
 */
public final class TransportProperties {
    /**
     * What consoles show of the configuration {@value TransportConfiguration#PID}: the settings {@link #read} reads.
     */
    static final SettingsDescription DESCRIPTION = new SettingsDescription(TransportConfiguration.PID,
        "Spore transport", "The transport's settings, over the framework properties of the same names. A change"
            + " of the heartbeat interval or the detection timeout applies at once; any other change restarts the"
            + " node's transport: its connections drop and form again.",
        List.of(SporeProperties.TRANSPORT_PORT, SporeProperties.TRANSPORT_BIND, SporeProperties.COOKIE_FILE,
            SporeProperties.WIRE_SECURITY, SporeProperties.INSECURE_NETWORK, SporeProperties.IDENTITY_KEYSTORE,
            SporeProperties.IDENTITY_TRUSTSTORE, SporeProperties.IDENTITY_PASSWORD_FILE, SporeProperties.AERON_DIR,
            SporeProperties.ROUTES, SporeProperties.NAME_SERVICE_PORT,
            SporeProperties.NAME_SERVICE_BIND, SporeProperties.TERM_LENGTH, SporeProperties.MAX_MESSAGE_SIZE,
            SporeProperties.LARGE_MESSAGE_THRESHOLD, SporeProperties.HEARTBEAT_INTERVAL,
            SporeProperties.DETECTION_TIMEOUT,
            SporeProperties.CLOSE_TIMEOUT, SporeProperties.TRANSPORT_THREADING, SporeProperties.TRANSPORT_IDLE,
            SporeProperties.DISCOVERY_ORDER, SporeProperties.DISCOVERY_DNS_SERVICE,
            SporeProperties.DISCOVERY_DNS_PORT, SporeProperties.DISCOVERY_DNS_SERVER,
            SporeProperties.DISCOVERY_DNS_NODE_NAME, SporeProperties.DISCOVERY_DNS_INTERVAL),
        Set.of(SporeProperties.HEARTBEAT_INTERVAL, SporeProperties.DETECTION_TIMEOUT),
        "A change applies at once: connections stay up, and are judged by the new times from their next check.",
        "A change restarts the transport: its connections drop and form again.");

    private TransportProperties() {
    }

    /**
     * @param properties the framework's properties ({@code BundleContext::getProperty})
     * @param node       the node the transport serves
     * @return the settings, concluded
     * @throws SporeException {@code INVALID_ARGUMENT} whose message begins with the name of the property at fault and
     *                        says what it should be
     */
    public static TransportContext read(PropertySource properties, NodeName node) {
        return read(properties, node, new TypeRegistry());
    }

    /**
     * As {@link #read(PropertySource, NodeName)}, with the message types the transport encodes and decodes.
     *
     * @param properties   the framework's properties ({@code BundleContext::getProperty})
     * @param node         the node the transport serves
     * @param typeRegistry the registry the transport uses, shared with whoever registers types (the bundles'
     *                     {@link MessageTypesHeader#NAME} headers, through {@link MessageTypeExtender})
     * @return the settings, concluded
     * @throws SporeException as {@link #read(PropertySource, NodeName)}
     */
    public static TransportContext read(PropertySource properties, NodeName node, TypeRegistry typeRegistry) {
        return read(properties, node, typeRegistry, null);
    }

    /**
     * As {@link #read(PropertySource, NodeName, TypeRegistry)}, with what the transport does when its receiving
     * thread ends ({@link TransportContext#failStop}), set before the settings are concluded.
     *
     * @param failStop told why, once, if the receiving thread ends while the transport runs; {@code null} for the
     *                 context's default
     * @throws SporeException as {@link #read(PropertySource, NodeName)}
     */
    public static TransportContext read(PropertySource properties, NodeName node, TypeRegistry typeRegistry,
                                        Consumer<String> failStop) {
        return read(properties, node, typeRegistry, failStop, new DiscoveryProviders());
    }

    /**
     * As {@link #read(PropertySource, NodeName, TypeRegistry, Consumer)}, with the discovery providers registered as
     * services, which the order may name.
     *
     * @param discoveries the providers registered from outside the transport, read at each lookup
     * @throws SporeException as {@link #read(PropertySource, NodeName)}
     */
    static TransportContext read(PropertySource properties, NodeName node, TypeRegistry typeRegistry,
                                 Consumer<String> failStop, DiscoveryProviders discoveries) {
        TransportContext context = new TransportContext().nodeName(node).typeRegistry(typeRegistry)
            .discoveryProviders(discoveries)
            .port(SporeProperties.TRANSPORT_PORT.read(properties))
            .nameServicePort(SporeProperties.NAME_SERVICE_PORT.read(properties))
            .nameServiceBindAddress(SporeProperties.NAME_SERVICE_BIND.read(properties))
            .termBufferLength(SporeProperties.TERM_LENGTH.read(properties))
            .maxMessageSize(SporeProperties.MAX_MESSAGE_SIZE.read(properties))
            .largeMessageThreshold(SporeProperties.LARGE_MESSAGE_THRESHOLD.read(properties));
        if (failStop != null) {
            context.failStop(failStop);
        }
        String bind = SporeProperties.TRANSPORT_BIND.read(properties);
        if (bind != null) {
            context.bindAddress(bind);
        }
        Path cookie = SporeProperties.COOKIE_FILE.read(properties);
        if (cookie != null) {
            if (!Files.isRegularFile(cookie)) {
                throw SporeProperties.COOKIE_FILE.invalid(cookie + " is not an existing file; create it (mode 600) with"
                    + " the cluster's secret, or leave the property out to use ~/.spore/cookie");
            }
            context.cookieFile(cookie);
        }
        try {
            context.wireSecurity(WireSecurity.parse(SporeProperties.WIRE_SECURITY.read(properties)));
        } catch (SporeException e) {
            throw SporeProperties.WIRE_SECURITY.invalid(e.getMessage());
        }
        context.insecureNetwork(SporeProperties.INSECURE_NETWORK.read(properties));
        IdentitySettings.from(properties).ifPresent(identity -> context.identity(identity.loadIdentity(node))
            .trustedPeers(identity.loadTrustedPeers()));
        Path aeronDir = SporeProperties.AERON_DIR.read(properties);
        if (aeronDir != null) {
            if (!Files.isDirectory(aeronDir)) {
                throw SporeProperties.AERON_DIR.invalid(aeronDir + " is not a directory; start the shared media driver"
                    + " there first, or leave the property out to embed a driver in the node");
            }
            context.aeronDir(aeronDir);
        }
        String routes = SporeProperties.ROUTES.read(properties);
        if (routes != null) {
            try {
                context.staticRoutes(StaticRoutes.parse(routes));
            } catch (SporeException e) {
                throw SporeProperties.ROUTES.invalid(e.getMessage()
                    + " (expected name@host=address:port, separated by commas)");
            }
        }
        DiscoverySettings.read(properties, context);
        context.threadingMode(threading(SporeProperties.TRANSPORT_THREADING.read(properties)));
        try {
            context.idleStrategy(IdleStrategies.parse(SporeProperties.TRANSPORT_IDLE.read(properties)));
        } catch (SporeException e) {
            throw SporeProperties.TRANSPORT_IDLE.invalid(e.getMessage());
        }
        Duration heartbeat = SporeProperties.HEARTBEAT_INTERVAL.read(properties);
        Duration detection = SporeProperties.DETECTION_TIMEOUT.read(properties);
        if (detection.compareTo(heartbeat.multipliedBy(2)) < 0) {
            SporeProperty<Duration> atFault = SporeProperties.DETECTION_TIMEOUT.isSet(properties)
                ? SporeProperties.DETECTION_TIMEOUT : SporeProperties.HEARTBEAT_INTERVAL;
            throw atFault.invalid("the detection timeout (" + detection.toMillis() + " ms) must be at least twice the"
                + " heartbeat interval (" + heartbeat.toMillis() + " ms), or one lost heartbeat takes a node down");
        }
        context.heartbeatInterval(heartbeat).detectionTimeout(detection)
            .closeTimeout(SporeProperties.CLOSE_TIMEOUT.read(properties));
        try {
            return context.conclude();
        } catch (SporeException e) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "spore.transport.*: " + e.getMessage(),
                e);
        }
    }

    /** @return the driver's threading named by {@code text}, as {@link SporeProperties#TRANSPORT_THREADING} says */
    private static ThreadingMode threading(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "shared" -> ThreadingMode.SHARED;
            case "shared-network" -> ThreadingMode.SHARED_NETWORK;
            case "dedicated" -> ThreadingMode.DEDICATED;
            case "invoker" -> ThreadingMode.INVOKER;
            default -> throw SporeProperties.TRANSPORT_THREADING.invalid("'" + text + "' is not a threading: use"
                + " shared, shared-network, dedicated or invoker");
        };
    }
}
