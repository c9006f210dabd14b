package io.spore.transport.osgi;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.TransportContext;
import io.spore.transport.naming.StaticRoutes;
import io.spore.wire.TypeRegistry;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Reads the transport's settings from the framework properties a node is started with. The names are the contract
 * with the distribution, which writes them; an absent or blank property leaves the transport's default.
 *
 * <p>Threading: stateless.
 */
public final class TransportProperties {
    /** The node's UDP port; default 0, a free one (the name service tells other nodes which). */
    public static final String PORT = "spore.transport.port";
    /** The address the UDP endpoint binds to; default loopback for a node on localhost, else every interface. */
    public static final String BIND = "spore.transport.bind";
    /** The cookie file, which must exist; default {@code ~/.spore/cookie}, made on first use. */
    public static final String COOKIE_FILE = "spore.cookie.file";
    /** The directory of an external media driver shared by the host's nodes; default none: an embedded driver. */
    public static final String AERON_DIR = "spore.aeron.dir";
    /** Static routes, {@code name@host=address:port} separated by commas. */
    public static final String ROUTES = "spore.routes";
    /** The TCP port of every host's name service; default 4370. */
    public static final String NAME_SERVICE_PORT = "spore.nameservice.port";
    /** Milliseconds between heartbeats; default 1000. */
    public static final String HEARTBEAT_INTERVAL_MS = "spore.heartbeat.interval.ms";
    /** Milliseconds of silence after which a connected node is down; default 3000, at least twice the heartbeat. */
    public static final String DETECTION_TIMEOUT_MS = "spore.detection.timeout.ms";

    private TransportProperties() {
    }

    /**
     * @param properties the framework's properties ({@code BundleContext::getProperty})
     * @param node       the node the transport serves
     * @return the settings, concluded
     * @throws SporeException {@code INVALID_ARGUMENT} whose message begins with the name of the property at fault and
     *                        says what it should be
     */
    public static TransportContext read(Function<String, String> properties, NodeName node) {
        return read(properties, node, new TypeRegistry());
    }

    /**
     * As {@link #read(Function, NodeName)}, with the message types the transport encodes and decodes.
     *
     * @param properties   the framework's properties ({@code BundleContext::getProperty})
     * @param node         the node the transport serves
     * @param typeRegistry the registry the transport uses, shared with whoever registers types (the bundles'
     *                     {@link MessageTypesHeader#NAME} headers, through {@link MessageTypeExtender})
     * @return the settings, concluded
     * @throws SporeException as {@link #read(Function, NodeName)}
     */
    public static TransportContext read(Function<String, String> properties, NodeName node,
                                        TypeRegistry typeRegistry) {
        return read(properties, node, typeRegistry, null);
    }

    /**
     * As {@link #read(Function, NodeName, TypeRegistry)}, with what the transport does when its receiving thread
     * ends ({@link TransportContext#failStop}), set before the settings are concluded.
     *
     * @param failStop told why, once, if the receiving thread ends while the transport runs; {@code null} for the
     *                 context's default
     * @throws SporeException as {@link #read(Function, NodeName)}
     */
    public static TransportContext read(Function<String, String> properties, NodeName node,
                                        TypeRegistry typeRegistry, java.util.function.Consumer<String> failStop) {
        TransportContext context = new TransportContext().nodeName(node).typeRegistry(typeRegistry);
        if (failStop != null) {
            context.failStop(failStop);
        }
        String port = value(properties, PORT);
        if (port != null) {
            context.port(intIn(PORT, port, 0, 65535));
        }
        String bind = value(properties, BIND);
        if (bind != null) {
            context.bindAddress(bind);
        }
        String cookie = value(properties, COOKIE_FILE);
        if (cookie != null) {
            Path file = path(COOKIE_FILE, cookie);
            if (!Files.isRegularFile(file)) {
                throw invalid(COOKIE_FILE, file + " is not an existing file; create it (mode 600) with the cluster's"
                    + " secret, or leave the property out to use ~/.spore/cookie");
            }
            context.cookieFile(file);
        }
        String aeronDir = value(properties, AERON_DIR);
        if (aeronDir != null) {
            Path dir = path(AERON_DIR, aeronDir);
            if (!Files.isDirectory(dir)) {
                throw invalid(AERON_DIR, dir + " is not a directory; start the shared media driver there first, or"
                    + " leave the property out to embed a driver in the node");
            }
            context.aeronDir(dir);
        }
        String routes = value(properties, ROUTES);
        if (routes != null) {
            try {
                context.staticRoutes(StaticRoutes.parse(routes));
            } catch (SporeException e) {
                throw invalid(ROUTES, e.getMessage() + " (expected name@host=address:port, separated by commas)");
            }
        }
        String nameServicePort = value(properties, NAME_SERVICE_PORT);
        if (nameServicePort != null) {
            context.nameServicePort(intIn(NAME_SERVICE_PORT, nameServicePort, 1, 65535));
        }
        long heartbeatMs = TransportContext.DEFAULT_HEARTBEAT_INTERVAL.toMillis();
        String heartbeat = value(properties, HEARTBEAT_INTERVAL_MS);
        if (heartbeat != null) {
            heartbeatMs = intIn(HEARTBEAT_INTERVAL_MS, heartbeat, 1, Integer.MAX_VALUE);
            context.heartbeatInterval(Duration.ofMillis(heartbeatMs));
        }
        String detection = value(properties, DETECTION_TIMEOUT_MS);
        long detectionMs = TransportContext.DEFAULT_DETECTION_TIMEOUT.toMillis();
        if (detection != null) {
            detectionMs = intIn(DETECTION_TIMEOUT_MS, detection, 1, Integer.MAX_VALUE);
            context.detectionTimeout(Duration.ofMillis(detectionMs));
        }
        if (detectionMs < 2 * heartbeatMs) {
            throw invalid(detection != null ? DETECTION_TIMEOUT_MS : HEARTBEAT_INTERVAL_MS, "the detection timeout ("
                + detectionMs + " ms) must be at least twice the heartbeat interval (" + heartbeatMs
                + " ms), or one lost heartbeat takes a node down");
        }
        try {
            return context.conclude();
        } catch (SporeException e) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "spore.transport.*: " + e.getMessage(),
                e);
        }
    }

    private static String value(Function<String, String> properties, String name) {
        String value = properties.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int intIn(String name, String value, int min, int max) {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return (int) number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw invalid(name, "'" + value + "' is not a whole number from " + min + " to " + max);
    }

    private static Path path(String name, String value) {
        String expanded = value.equals("~") || value.startsWith("~/")
            ? System.getProperty("user.home") + value.substring(1) : value;
        try {
            return Path.of(expanded);
        } catch (InvalidPathException e) {
            throw invalid(name, "'" + value + "' is not a path: " + e.getReason());
        }
    }

    private static SporeException invalid(String name, String problem) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, name + ": " + problem);
    }
}
