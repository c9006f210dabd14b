package io.spore.jmx;

import io.spore.api.ExitReason;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.ChildType;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.core.application.Application;
import io.spore.core.application.ApplicationTable;
import io.spore.core.spi.StartType;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Applications MBean of a real node with a real application (its master, root supervisor and a nested
 * supervisor), read, driven and listened to through the real remote connector, as a JMX client without Spore's
 * classes would: the applications and trees as open data, restart and terminate of a child, and a notification per
 * restart and for the exceeded intensity.
 */
@Timeout(60)
class ApplicationsBeanTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private SporeNode node;
    private ApplicationTable table;
    private Application application;
    private MBeanServer server;
    private NodeBeans beans;
    private RemoteConnector connector;
    private JMXConnector client;
    private MBeanServerConnection connection;
    private ObjectName bean;

    @BeforeEach
    void start() throws Exception {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("apps@localhost")).workerThreads(2));
        table = new ApplicationTable(node);
        SupervisorSpec sub = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(ChildSpec.of("c", Crashy::new));
        SupervisorSpec root = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(2, Duration.ofSeconds(30))
            .withChild(ChildSpec.of("a", Crashy::new))
            .withChild(ChildSpec.of("b", Crashy::new))
            .withChild(ChildSpec.of("sub", Supervisors.factory(sub)).withType(ChildType.SUPERVISOR));
        application = new Application("shop", "com.example.shop 1.0.0 [7]", StartType.TRANSIENT,
            Map.of("color", "blue"), () -> root, why -> { });
        assertTrue(table.add(application));
        application.start(node, Duration.ofSeconds(1));

        server = MBeanServerFactory.newMBeanServer();
        beans = NodeBeans.register(node.monitoring(), server, () -> null, () -> table);
        int port = FreePorts.tcp();
        JmxSettings settings = new JmxSettings(port, port, "127.0.0.1", null, null, dir.resolve("state"));
        connector = RemoteConnector.start(settings, Credentials.of(settings), server);
        String password = new Credentials(dir.resolve("state/jmx.password"), dir.resolve("state/jmx.access"))
            .passwords().get("controlRole");
        client = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port
            + "/jmxrmi"), Map.of(JMXConnector.CREDENTIALS, new String[] {"controlRole", password}));
        connection = client.getMBeanServerConnection();
        bean = new ObjectName("io.spore:type=Applications,name=apps@localhost");
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        connector.close();
        beans.close();
        node.close();
    }

    @Test
    void applicationsAndTreesAreOpenDataAChildRestartsAndEachRestartNotifies() throws Exception {
        TabularData applications = (TabularData) connection.getAttribute(bean, "Applications");
        CompositeData shop = applications.get(new Object[] {"shop"});
        assertEquals("RUNNING", shop.get("state"));
        assertEquals("transient", shop.get("startType"));
        assertEquals("color=blue", shop.get("env"));
        assertEquals("com.example.shop 1.0.0 [7]", shop.get("bundle"));
        String root = (String) shop.get("root");

        Map<String, CompositeData> tree = rows((TabularData) connection.getAttribute(bean, "SupervisionTrees"));
        assertEquals(List.of("a", "b", "sub", "sub/c"), List.copyOf(tree.keySet()));
        assertEquals(1, tree.get("sub/c").get("depth"));
        assertEquals(tree.get("sub").get("pid"), tree.get("sub/c").get("supervisor"), "c's supervisor is sub");
        assertEquals(root, tree.get("a").get("supervisor"));
        assertEquals("PERMANENT", tree.get("a").get("restart"));
        assertEquals(0, tree.get("a").get("restarts"));
        assertEquals("", tree.get("a").get("lastExit"));

        BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
        connection.addNotificationListener(bean, (notification, handback) -> notifications.add(notification), null,
            null);
        Pid a = Pid.parse((String) tree.get("a").get("pid"));
        node.send(a, "crash");
        Notification restarted = notifications.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(restarted, "a notification of the restart");
        assertEquals("io.spore.supervision.restart", restarted.getType());
        CompositeData report = assertInstanceOf(CompositeData.class, restarted.getUserData());
        assertEquals("a", report.get("child"));
        assertEquals("shop", report.get("application"));
        assertEquals(root, report.get("supervisor"));
        assertEquals(1, report.get("restarts"));
        assertTrue(((String) report.get("reason")).contains("crashed on purpose"), report.toString());
        CompositeData aNow = rows((TabularData) connection.invoke(bean, "tree", new Object[] {"shop"},
            new String[] {String.class.getName()})).get("a");
        assertEquals(report.get("pid"), aNow.get("pid"));
        assertEquals(1, aNow.get("restarts"));
        assertEquals(report.get("reason"), aNow.get("lastExit"));

        String[] signature = {String.class.getName(), String.class.getName()};
        connection.invoke(bean, "terminateChild", new Object[] {"shop", "b"}, signature);
        assertEquals("", rows((TabularData) connection.getAttribute(bean, "SupervisionTrees")).get("b").get("pid"),
            "terminated, not restarted");
        String bAgain = (String) connection.invoke(bean, "restartChild", new Object[] {"shop", "b"}, signature);
        assertTrue(node.isAlive(Pid.parse(bAgain)), bAgain);
        String subPid = (String) tree.get("sub").get("pid");
        String cBefore = (String) tree.get("sub/c").get("pid");
        String cAfter = (String) connection.invoke(bean, "restartChild", new Object[] {subPid, "c"}, signature);
        assertNotEquals(cBefore, cAfter, "a running child is stopped and started again");
        assertTrue(notifications.isEmpty(), "operations are not restarts by the supervisor: " + notifications);

        RuntimeMBeanException unknown = assertThrows(RuntimeMBeanException.class, () -> connection.invoke(bean,
            "restartChild", new Object[] {"shop", "nope"}, signature));
        assertInstanceOf(IllegalArgumentException.class, unknown.getCause());
        assertTrue(unknown.getCause().getMessage().contains("no child 'nope'"), unknown.getCause().getMessage());
        RuntimeMBeanException stranger = assertThrows(RuntimeMBeanException.class, () -> connection.invoke(bean,
            "tree", new Object[] {"no-such-app"}, new String[] {String.class.getName()}));
        assertTrue(stranger.getCause().getMessage().contains("neither an application"),
            stranger.getCause().getMessage());

        // Intensity 2 in 30 s: one restart so far; two more crashes exceed it.
        node.send(Pid.parse((String) aNow.get("pid")), "crash");
        assertEquals("io.spore.supervision.restart", notifications.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)
            .getType());
        Pid third = Supervisors.describeChildren(node, Pid.parse(root)).get(0).pid();
        node.send(third, "crash");
        Notification exceeded = notifications.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(exceeded);
        assertEquals("io.spore.supervision.intensity-exceeded", exceeded.getType());
        assertEquals("a", ((CompositeData) exceeded.getUserData()).get("child"));
        Await.until("the application failed", DEADLINE, () -> {
            try {
                return "FAILED".equals(((TabularData) connection.getAttribute(bean, "Applications"))
                    .get(new Object[] {"shop"}).get("state"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The rows of a tree by path, in the tree's order. */
    private static Map<String, CompositeData> rows(TabularData table) {
        Map<String, CompositeData> rows = new java.util.TreeMap<>();
        for (Object row : (Collection<?>) table.values()) {
            CompositeData data = (CompositeData) row;
            rows.put((String) data.get("path"), data);
        }
        return rows;
    }

    /** Crashes on "crash"; ends with the exit signal it traps (so that its terminate runs). */
    private static final class Crashy implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if ("crash".equals(message)) {
                throw new IllegalStateException("crashed on purpose");
            }
        }

        @Override
        public void terminate(ProcessContext ctx, ExitReason reason) {
        }
    }
}
