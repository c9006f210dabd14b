package io.spore.distribution.framework;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.config.SporeProperties;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A Spore node in this JVM: an embedded Felix framework with the core and the other bundles of a
 * {@link NodeConfig} installed and started.
 *
 * <p>{@link #start(NodeConfig)} returns once every bundle has started and the core has published the
 * {@link Node} service. {@link #close()} stops the framework, waits for it, and removes a temporary data folder;
 * it may be called from a shutdown hook and another thread at once.
 */
public final class FrameworkNode implements AutoCloseable {
    /** How long the core may take to publish the Node service once its bundle started. */
    static final Duration NODE_SERVICE_TIMEOUT = Duration.ofSeconds(30);
    /** How long stopping may take before close gives up waiting (bundles stop their processes first). */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The transport's bundle, which connects the node to others. */
    static final String TRANSPORT_BSN = "io.spore.transport";
    /** The service the transport registers for its node. */
    private static final String ROUTER_SERVICE = "io.spore.core.spi.RemoteRouter";

    private final NodeConfig config;
    private final Framework framework;
    private final Path dataDir;
    private final boolean temporaryData;
    private ServiceTracker<Node, Node> nodeTracker;
    private Node node;
    private Integer transportPort;
    private String transportError;
    /** Why a bundle stopped the node (fail-stop), or {@code null}. */
    private volatile String failure;
    private boolean closed;

    private FrameworkNode(NodeConfig config, Framework framework, Path dataDir, boolean temporaryData) {
        this.config = config;
        this.framework = framework;
        this.dataDir = dataDir;
        this.temporaryData = temporaryData;
    }

    /**
     * Starts the framework, installs the configured bundles, starts them in order and waits for the Node service.
     *
     * @param config the node's configuration; concluded here if it was not
     * @return the running node
     * @throws ActionableException when the framework or a bundle fails to start, naming which; nothing is left running
     */
    public static FrameworkNode start(NodeConfig config) {
        config.conclude();
        boolean temporaryData = config.dataDir() == null;
        Path dataDir = temporaryData ? createTempDir() : config.dataDir();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FrameworkNode.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new ActionableException("no OSGi framework on the class path: lib/ must hold Felix"));
        Framework framework = factory.newFramework(FrameworkProperties.of(config, dataDir));
        FrameworkNode embedded = new FrameworkNode(config, framework, dataDir, temporaryData);
        try {
            embedded.boot();
            return embedded;
        } catch (RuntimeException | Error e) {
            embedded.close();
            if (embedded.failure != null) {
                // A bundle stopped the node while it was starting (a permanent application whose root gave up at
                // once, say): that is why the start failed, not the Node service or bundle it then missed.
                throw new ActionableException("node " + config.name() + " stopped because it failed: "
                    + embedded.failure, e);
            }
            throw e;
        }
    }

    private void boot() {
        try {
            framework.init();
        } catch (BundleException e) {
            throw new ActionableException("the OSGi framework failed to initialise: " + e.getMessage(), e);
        }
        // The system bundle's context exists only from init on.
        nodeTracker = new ServiceTracker<>(framework.getBundleContext(), Node.class, null);
        registerFailStop();
        nodeTracker.open();
        // Install everything before starting anything, so each bundle resolves against the whole set.
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : config.bundles()) {
            installed.add(install(jar));
        }
        try {
            framework.start();
        } catch (BundleException e) {
            throw new ActionableException("the OSGi framework failed to start: " + e.getMessage(), e);
        }
        // The transport starts for the node while its bundle starts; if it cannot, it logs why and the node runs alone.
        TransportLog listener = new TransportLog();
        try {
            for (Bundle bundle : installed) {
                start(bundle);
            }
            node = awaitNodeService();
            transportPort = publishedTransportPort(config.name());
            transportError = listener.lastError().orElse(null);
        } finally {
            listener.close();
        }
    }

    /**
     * @return the UDP port the transport published for {@code name} (the
     *         {@value SporeProperties#SERVICE_TRANSPORT_PORT} property of its router service), or {@code null} when
     *         no transport runs for it. Read by name, so that this launcher, outside the framework, needs none of the
     *         transport's classes.
     */
    private Integer publishedTransportPort(NodeName name) {
        try {
            ServiceReference<?>[] routers = framework.getBundleContext().getServiceReferences(ROUTER_SERVICE,
                "(" + SporeProperties.SERVICE_NODE_NAME + "=" + name + ")");
            if (routers != null) {
                for (ServiceReference<?> router : routers) {
                    if (router.getProperty(SporeProperties.SERVICE_TRANSPORT_PORT) instanceof Integer port) {
                        return port;
                    }
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the service filter for " + name + " is malformed", e);
        }
    }

    private Bundle install(Path jar) {
        try {
            return framework.getBundleContext().installBundle(jar.toUri().toString());
        } catch (BundleException e) {
            throw new ActionableException("cannot install bundle " + jar + ": " + e.getMessage(), e);
        }
    }

    private static void start(Bundle bundle) {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new ActionableException("bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                + " failed to start: " + rootMessage(e), e);
        }
    }

    private Node awaitNodeService() {
        try {
            Node service = nodeTracker.waitForService(NODE_SERVICE_TIMEOUT.toMillis());
            if (service == null) {
                throw new ActionableException("the core bundle did not publish the Node service within "
                    + NODE_SERVICE_TIMEOUT.toSeconds() + " s; run with --verbose to see why");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionableException("interrupted while waiting for the Node service", e);
        }
    }

    /**
     * Starts the Gogo shell, which reads commands from standard input. Separate from {@link #start(NodeConfig)}
     * so that the launcher's own lines come before the shell's banner and prompt.
     *
     * <p>Gogo shell 1.1.4 stops the whole framework when its input ends (end of file, Ctrl-D): the node stops with
     * its console.
     *
     * @throws ActionableException when no console bundle is configured or it fails to start
     */
    public void openConsole() {
        if (config.consoleBundle() == null) {
            throw new ActionableException("this node was configured without a console bundle");
        }
        start(install(config.consoleBundle()));
    }

    /**
     * @return the UDP port other nodes reach this one on, as the transport published it while the node started;
     *         empty when the node runs no transport or the transport did not start (see {@link #transportError()})
     */
    public Optional<Integer> transportPort() {
        return Optional.ofNullable(transportPort);
    }

    /** @return whether the transport bundle ({@value #TRANSPORT_BSN}) is installed in this node */
    public boolean hasTransport() {
        return Arrays.stream(framework.getBundleContext().getBundles())
            .anyMatch(bundle -> TRANSPORT_BSN.equals(bundle.getSymbolicName()));
    }

    /**
     * @return the last error the transport logged while the node started; with no {@link #transportPort()}, why it
     *         did not start
     */
    public Optional<String> transportError() {
        return Optional.ofNullable(transportError);
    }

    /** @return the framework, for tests and tools that install bundles */
    public Framework framework() {
        return framework;
    }

    /** @return the system bundle's context */
    public BundleContext bundleContext() {
        return framework.getBundleContext();
    }

    /** @return the core's Node service, as found when the node started */
    public Node node() {
        return node;
    }

    /** @return the configuration this node was started with */
    public NodeConfig config() {
        return config;
    }

    /**
     * Blocks until the framework stops, for whatever reason: {@link #close()}, a shell's {@code stop 0}, or the end
     * of the console's input.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** @return why a bundle stopped the node (its transport could no longer receive, say), if one did */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Offers the bundles a way to stop the node that says why: the reason is kept for {@link #failure()}, and the
     * framework stops (on a thread of its own, since the caller may be a thread the stop waits for).
     */
    private void registerFailStop() {
        java.util.function.Consumer<String> stop = why -> {
            if (failure == null) {
                failure = why;
                Thread stopper = new Thread(() -> {
                    try {
                        framework.stop();
                    } catch (BundleException e) {
                        System.err.println("spore: stopping the framework failed: " + e.getMessage());
                    }
                }, "spore-fail-stop");
                stopper.setDaemon(true);
                stopper.start();
            }
        };
        java.util.Dictionary<String, Object> properties = new java.util.Hashtable<>();
        // The fail-stop service: a Consumer<String> the transport calls with the reason when the node can no longer
        // do its work and must stop. A JDK type, so no Spore class is shared.
        properties.put(SporeProperties.SERVICE_FAIL_STOP, Boolean.TRUE);
        framework.getBundleContext().registerService(java.util.function.Consumer.class.getName(), stop, properties);
    }

    /** @return whether the framework is still starting or running */
    public boolean isRunning() {
        return (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }

    /**
     * Stops the framework (every bundle stops, the core ends its processes), waits up to {@link #STOP_TIMEOUT},
     * and deletes a temporary data folder. Idempotent and thread-safe.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (nodeTracker != null) {
                nodeTracker.close();
            }
        } catch (IllegalStateException e) {
            // The framework already stopped (stop 0, end of console input): its context is gone, nothing to close.
        }
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("spore: the framework did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
            }
        } catch (BundleException e) {
            System.err.println("spore: stopping the framework failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (temporaryData) {
            deleteTree(dataDir);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("spore-node-");
        } catch (IOException e) {
            throw new ActionableException("cannot create a temporary data folder: " + e, e);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Folders.deleteTree(root);
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary folder is harmless; say so rather than fail a clean stop.
            System.err.println("spore: could not remove temporary folder " + root + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
