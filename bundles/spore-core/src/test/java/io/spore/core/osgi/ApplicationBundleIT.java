package io.spore.core.osgi;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.config.ApiPackages;
import io.spore.api.config.SporeProperties;
import io.spore.api.supervisor.ChildInfo;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.application.Application;
import io.spore.core.spi.Applications;
import io.spore.testsupport.Await;
import io.spore.testsupport.LogCapture;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged core bundle in an embedded Felix, with an application bundle built by the test: its tree starts when
 * the bundle starts, every process of it carries the application's name and environment, and stopping the bundle
 * stops the tree in reverse start order before the bundle's activator stops; a malformed header is one ERROR line
 * and the node runs on; a permanent application whose root gives up stops the node through the fail-stop service.
 */
@Timeout(60)
class ApplicationBundleIT {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String HEADER = "demo; supervisor=io.spore.core.osgi.appbundle.AppSupervisor;"
        + " env=io/spore/core/osgi/appbundle/app.properties; env.color=blue";

    @TempDir
    Path dir;
    private Framework framework;
    private Node node;
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final LogCapture capture = new LogCapture(ApplicationExtender.class);
    private final LogCapture appCapture = new LogCapture(Application.class);

    @BeforeEach
    void startFramework() throws Exception {
        capture.start();
        appCapture.start();
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS);
        config.put("spore.node.name", "apps@localhost");
        config.put("spore.workers", "2");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        String core = System.getProperty("spore.core.bundle");
        framework.getBundleContext().installBundle(Path.of(core).toUri().toString()).start();
        BundleContext context = framework.getBundleContext();
        node = context.getService(context.getServiceReference(Node.class));
        node.register(Name.of("observer"), node.spawn(Observer.factory(observed), ProcessOptions.DEFAULTS));
    }

    @AfterEach
    void stopFramework() throws Exception {
        capture.close();
        appCapture.close();
        framework.stop();
        framework.waitForStop(20_000);
    }

    @Test
    void theTreeStartsWithTheBundleAndStopsInReverseOrderBeforeItsActivator() throws Exception {
        Bundle bundle = install("io.spore.it.app", HEADER);
        bundle.start();
        awaitRunning("demo");
        // The children told the observer before the application ran, but the observer reads its mailbox on its turn.
        Await.until("the observer has the three starts", DEADLINE, () -> observed.size() >= 3);
        assertEquals(List.of("started a app=demo color=blue greeting=hello",
            "started b app=demo color=blue greeting=hello", "started c app=demo color=blue greeting=hello"), observed,
            "in order, with the application's name and environment (the header's entry wins over the resource's)");

        AppView app = application("demo");
        assertEquals("RUNNING", app.state());
        assertEquals("TEMPORARY", app.startType());
        assertTrue(app.bundle().startsWith("io.spore.it.app 1.0.0"), app.bundle());
        List<ChildInfo> children = Supervisors.whichChildren(node, app.root());
        assertEquals(List.of("a", "b", "c"), children.stream().map(ChildInfo::id).toList());
        for (ChildInfo child : children) {
            assertEquals("demo", node.processInfo(child.pid()).orElseThrow().application());
        }
        assertEquals("demo", node.processInfo(app.root()).orElseThrow().application(), "the root too");

        observed.clear();
        bundle.stop();
        // The stop was synchronous: the tree had ended, in reverse order, before the activator's stop ran.
        Await.until("the stop reported", DEADLINE, () -> observed.size() >= 4);
        assertEquals(List.of("stopped c", "stopped b", "stopped a", "activator stop"), observed);
        assertFalse(node.isAlive(app.root()));
        assertTrue(applications().isEmpty(), applications().toString());
    }

    @Test
    void aMalformedHeaderIsOneLineNamingTheBundleAndTheNodeRunsOn() throws Exception {
        Bundle bundle = install("io.spore.it.bad", "demo; supervisor=io.spore.core.osgi.appbundle.AppSupervisor;"
            + " start-type=forever");
        bundle.start();
        assertEquals(Bundle.ACTIVE, bundle.getState(), "the bundle itself runs");
        List<LogRecord> errors = capture.records().stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertEquals(1, errors.size(), errors.toString());
        String line = errors.get(0).getMessage();
        assertTrue(line.contains("io.spore.it.bad 1.0.0") && line.contains("start-type='forever'")
            && line.contains("permanent, transient, temporary") && !line.contains("\n"), line);
        assertTrue(applications().isEmpty());
        assertTrue(observed.isEmpty(), observed.toString());
        assertTrue(node.isAlive(node.spawn(Observer.factory(new CopyOnWriteArrayList<>()), ProcessOptions.DEFAULTS)),
            "the node runs on");

        capture.records().clear();
        Bundle missing = install("io.spore.it.missing", "other; supervisor=io.spore.core.osgi.appbundle.NoSuchClass");
        missing.start();
        List<LogRecord> more = capture.records().stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertEquals(1, more.size(), more.toString());
        assertTrue(more.get(0).getMessage().contains("cannot load supervisor=io.spore.core.osgi.appbundle"
            + ".NoSuchClass"), more.get(0).getMessage());
    }

    @Test
    void aPermanentApplicationWhoseRootGivesUpStopsTheNode() throws Exception {
        List<String> failStops = new CopyOnWriteArrayList<>();
        Consumer<String> failStop = failStops::add;
        framework.getBundleContext().registerService(Consumer.class, failStop,
            FrameworkUtil.asDictionary(Map.of(SporeProperties.SERVICE_FAIL_STOP, Boolean.TRUE)));
        Bundle bundle = install("io.spore.it.permanent", HEADER.replace("demo;", "vital; start-type=permanent;"));
        bundle.start();
        awaitRunning("vital");
        Pid root = application("vital").root();
        assertNotNull(root);

        // The default intensity is 1 restart in 5 s: the second crash makes the root give up.
        Pid a = Supervisors.whichChildren(node, root).get(0).pid();
        node.send(a, "crash");
        Await.until("a restarted", DEADLINE, () -> {
            Pid now = Supervisors.whichChildren(node, root).get(0).pid();
            return now != null && !now.equals(a);
        });
        node.send(Supervisors.whichChildren(node, root).get(0).pid(), "crash");
        Await.until("the node is asked to stop", DEADLINE, () -> !failStops.isEmpty());
        String why = failStops.get(0);
        assertTrue(why.contains("application vital (permanent") && why.contains("shutdown"), why);
        assertEquals("FAILED", application("vital").state());
        assertTrue(appCapture.records().stream().anyMatch(r -> r.getLevel() == Level.SEVERE
            && r.getMessage().contains("stopping node")), "logged at ERROR");
    }

    /**
     * The core bundle's {@code Applications} service, read by reflection: its classes are the bundle's, not the
     * test's, since the system bundle exports only the API.
     */
    private List<AppView> applications() throws Exception {
        BundleContext context = framework.getBundleContext();
        org.osgi.framework.ServiceReference<?>[] references = context.getAllServiceReferences(
            Applications.class.getName(), null);
        assertNotNull(references, "the core publishes its applications");
        Object service = context.getService(references[0]);
        List<AppView> views = new java.util.ArrayList<>();
        for (Object info : (List<?>) service.getClass().getMethod("applications").invoke(service)) {
            views.add(new AppView((String) read(info, "name"), read(info, "state").toString(),
                read(info, "startType").toString(), (String) read(info, "bundle"), (Pid) read(info, "root")));
        }
        return views;
    }

    /**
     * Waits until the application runs: its children report their start inside the root's spawn, a moment before
     * the master records the root and the application turns RUNNING.
     */
    private void awaitRunning(String name) {
        Await.until(name + " running", DEADLINE, () -> {
            try {
                return applications().stream()
                    .anyMatch(app -> app.name().equals(name) && app.state().equals("RUNNING"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private AppView application(String name) throws Exception {
        return applications().stream().filter(app -> app.name().equals(name)).findFirst().orElseThrow();
    }

    private static Object read(Object record, String component) throws Exception {
        return record.getClass().getMethod(component).invoke(record);
    }

    /** What the test reads of an {@code ApplicationInfo}. */
    private record AppView(String name, String state, String startType, String bundle, Pid root) {
    }

    private Bundle install(String bsn, String header) throws Exception {
        Path jar = AppBundleJar.build(dir.resolve(bsn + ".jar"), bsn, header);
        return framework.getBundleContext().installBundle(jar.toUri().toString());
    }

    /** Keeps every String it receives, in arrival order. */
    private static final class Observer implements ProcessBehavior {
        private final List<String> into;

        private Observer(List<String> into) {
            this.into = into;
        }

        static io.spore.api.ProcessFactory factory(List<String> into) {
            return () -> new Observer(into);
        }

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if (message instanceof String text) {
                into.add(text);
            }
        }
    }
}
