package io.spore.core.osgi;

import io.spore.api.Node;
import io.spore.api.config.SporeProperties;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.core.application.Application;
import io.spore.core.application.ApplicationHeader;
import io.spore.core.application.ApplicationTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The extender of the {@value ApplicationHeader#NAME} manifest header: a bundle that declares an application gets
 * its root supervisor started on this node once the bundle is active, and its whole tree stopped, in reverse start
 * order, while the bundle is stopping, before its activator's {@code stop} and before its classes go away. The
 * customizer of a {@code BundleTracker} over {@code Bundle.ACTIVE}, which {@link CoreActivator} opens after the
 * factory whiteboard: a bundle's move to {@code STOPPING} reaches {@link #removedBundle} synchronously (the tracker is
 * a synchronous bundle listener), so the stop is done when the framework goes on stopping the bundle.
 *
 * <p>Starting happens on a thread of the extender's own, since the root's children may wait for spawn names that a
 * Declarative Services component registers a moment after its bundle started, and for the node's transport when a
 * child is placed on other nodes (both up to {@link #FACTORY_WAIT}). A
 * header that cannot be used (malformed, a class the bundle cannot load or make, a resource it lacks, a name another
 * bundle's application has) is one line at ERROR naming the bundle and what to fix; the node keeps running.
 *
 * <p>Threading: the framework's threads, and the starting thread.
 */
final class ApplicationExtender implements BundleTrackerCustomizer<ApplicationExtender.Declared> {
    private static final System.Logger LOG = System.getLogger(ApplicationExtender.class.getName());
    /** How long a start waits for the spawn names of the root's local children. */
    static final Duration FACTORY_WAIT = Duration.ofSeconds(10);
    /** How long a stop waits for a start under way (children of other nodes may each take a spawn timeout). */
    private static final long START_WAIT_MS = 60_000;

    /** An application a tracked bundle declares, and its start. */
    record Declared(Application application, Future<?> start) {
    }

    private final BundleContext context;
    private final Node node;
    private final ApplicationTable table;
    private final BooleanSupplier networkReady;
    private final ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "spore-applications");
        thread.setDaemon(true);
        return thread;
    });

    /** @param networkReady whether the node's transport is attached, for children placed on other nodes */
    ApplicationExtender(BundleContext context, Node node, ApplicationTable table, BooleanSupplier networkReady) {
        this.context = context;
        this.node = node;
        this.table = table;
        this.networkReady = networkReady;
    }

    @Override
    public Declared addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(ApplicationHeader.NAME);
        if (header == null) {
            return null;
        }
        Application application;
        try {
            ApplicationHeader.Declaration declared = ApplicationHeader.parse(header);
            application = new Application(declared.name(), describe(bundle), declared.startType(),
                env(bundle, declared), specs(bundle, declared.supervisorClass()), this::failStop,
                () -> bundle.getState() == Bundle.ACTIVE);
        } catch (IllegalArgumentException e) {
            error(bundle, e.getMessage());
            return null;
        }
        if (!table.add(application)) {
            error(bundle, "declares the application '" + application.name() + "', which "
                + table.get(application.name()).info().bundle() + " runs already; give it another name");
            return null;
        }
        return new Declared(application, starter.submit(() -> application.start(node, FACTORY_WAIT, networkReady)));
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Declared declared) {
        // nothing changes while the bundle stays active
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Declared declared) {
        try {
            declared.application().stop(node, () -> awaitStart(declared));
        } finally {
            table.remove(declared.application());
        }
    }

    /** Ends the starting thread; called after the tracker is closed, so every application has been stopped. */
    void close() {
        starter.shutdownNow();
    }

    private static void awaitStart(Declared declared) {
        try {
            declared.start().get(START_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "application " + declared.application().name() + ": its start did not end ("
                + e + "); stopping what it started");
        }
    }

    /** The spec supplier the header names, checked and made now, called on the starting thread. */
    private static Supplier<SupervisorSpec> specs(Bundle bundle, String className) {
        Object made;
        try {
            Class<?> type = bundle.loadClass(className);
            if (!Supplier.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("supervisor=" + className + " does not implement"
                    + " java.util.function.Supplier<SupervisorSpec>");
            }
            made = type.getConstructor().newInstance();
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cannot load supervisor=" + className + " (" + e + "); check the class"
                + " name, and that the bundle contains the class or imports its package");
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof IllegalArgumentException known) {
                throw known;
            }
            throw new IllegalArgumentException("cannot make supervisor=" + className + " (" + e + "); give it a"
                + " public constructor without arguments");
        }
        Supplier<?> supplier = (Supplier<?>) made;
        return () -> {
            Object spec = supplier.get();
            if (spec != null && !(spec instanceof SupervisorSpec)) {
                throw new IllegalStateException(className + ".get() returned a " + spec.getClass().getName()
                    + ", not a SupervisorSpec");
            }
            return (SupervisorSpec) spec;
        };
    }

    /** The environment: the resource's entries, then the header's own, which win. */
    private static Map<String, Object> env(Bundle bundle, ApplicationHeader.Declaration declared) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (declared.envResource() != null) {
            URL resource = bundle.getEntry(declared.envResource());
            if (resource == null) {
                throw new IllegalArgumentException("env=" + declared.envResource() + " is not in the bundle; add the"
                    + " properties file, or correct its path (from the bundle's root)");
            }
            Properties properties = new Properties();
            try (InputStream in = resource.openStream()) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("env=" + declared.envResource() + " cannot be read as properties ("
                    + e.getMessage() + ")");
            }
            properties.stringPropertyNames().stream().sorted()
                .forEach(key -> env.put(key, properties.getProperty(key)));
        }
        env.putAll(declared.env());
        return env;
    }

    /**
     * Stops the node for a permanent application that ended: through the embedder's fail-stop actions (which make
     * {@code spore node} exit non-zero), or, without any, by stopping the framework on a thread of its own.
     */
    @SuppressWarnings("unchecked")
    private void failStop(String why) {
        try {
            ServiceReference<?>[] actions = context.getServiceReferences(Consumer.class.getName(),
                "(" + SporeProperties.SERVICE_FAIL_STOP + "=true)");
            if (actions != null && actions.length > 0) {
                for (ServiceReference<?> reference : actions) {
                    if (context.getService(reference) instanceof Consumer<?> action) {
                        ((Consumer<String>) action).accept(why);
                    }
                }
                return;
            }
            Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
            Thread stopper = new Thread(() -> {
                try {
                    system.stop();
                } catch (Exception e) {
                    LOG.log(Level.ERROR, "the node could not be stopped after " + why + ": " + e);
                }
            }, "spore-application-stop");
            stopper.setDaemon(true);
            stopper.start();
        } catch (Exception | LinkageError e) {
            LOG.log(Level.ERROR, "the node could not be stopped after " + why + ": " + e, e);
        }
    }

    private static void error(Bundle bundle, String what) {
        LOG.log(Level.ERROR, "bundle " + describe(bundle) + ": " + ApplicationHeader.NAME + " refused, the node runs"
            + " on without this application: " + what);
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
