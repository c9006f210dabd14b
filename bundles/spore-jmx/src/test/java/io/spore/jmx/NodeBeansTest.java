package io.spore.jmx;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.core.spi.PeerSecurity;
import io.spore.core.spi.PeerStats;
import io.spore.core.spi.TrafficStats;
import io.spore.core.spi.TransportStatistics;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Node and Processes MXBeans of a real in-process node, read and driven through an MBeanServer. */
class NodeBeansTest {
    private SporeNode node;
    private SporeNode other;
    private MBeanServer server;
    private NodeBeans beans;
    private final AtomicReference<TransportStatistics> transport = new AtomicReference<>();

    @BeforeEach
    void start() {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("admin@localhost")).workerThreads(2));
        node.registerFactory("echo", Echo::new);
        server = MBeanServerFactory.newMBeanServer();
        beans = NodeBeans.register(node.monitoring(), server, transport::get);
    }

    @AfterEach
    void stop() {
        beans.close();
        node.close();
        if (other != null) {
            other.close();
        }
    }

    @Test
    void theBeansAreRegisteredUnderTheNodesNameAndGoAwayOnClose() throws Exception {
        ObjectName node = new ObjectName("io.spore:type=Node,name=admin@localhost");
        ObjectName access = new ObjectName("io.spore:type=SpawnAccess,name=admin@localhost");
        ObjectName processes = new ObjectName("io.spore:type=Processes,name=admin@localhost");
        assertTrue(server.isRegistered(node));
        assertTrue(server.isRegistered(access));
        assertTrue(server.isRegistered(processes));
        assertInstanceOf(javax.management.openmbean.OpenMBeanInfo.class, server.getMBeanInfo(node));

        beans.close();

        assertFalse(server.isRegistered(node));
        assertFalse(server.isRegistered(access));
        assertFalse(server.isRegistered(processes));
        beans = NodeBeans.register(this.node.monitoring(), server, transport::get); // for stop()
    }

    @Test
    void theClusterBeanShowsTheRegistrysViewAndIsEmptyWithoutOne() throws Exception {
        ObjectName name = new ObjectName("io.spore:type=Cluster,name=admin@localhost");
        assertEquals(false, server.getAttribute(name, "RegistryAvailable"));
        assertTrue(((TabularData) server.getAttribute(name, "Members")).isEmpty());
        assertTrue(((TabularData) server.getAttribute(name, "Groups")).isEmpty());

        NodeName peer = NodeName.parse("peer@localhost");
        Pid billing = new Pid(peer, 7, 1);
        Pid local = node.spawn(Name.of("echo"), ProcessOptions.DEFAULTS);
        node.attachRegistry(new FixedClusterRegistry(
            List.of(new io.spore.api.cluster.ClusterMember(node.name(), node.creation(), java.util.Set.of()),
                new io.spore.api.cluster.ClusterMember(peer, 3, java.util.Set.of(Name.of("b"), Name.of("a")))),
            Map.of(io.spore.api.cluster.GlobalName.of("billing"), billing),
            Map.of(io.spore.api.cluster.GroupName.of("workers"), java.util.Set.of(billing, local))));
        assertEquals(true, server.getAttribute(name, "RegistryAvailable"));
        TabularData members = (TabularData) server.getAttribute(name, "Members");
        CompositeData row = members.get(new Object[] {"peer@localhost"});
        assertEquals(3, row.get("creation"));
        assertEquals("a,b", row.get("spawnNames"));
        assertEquals(false, row.get("connected"));
        assertEquals(true, members.get(new Object[] {"admin@localhost"}).get("connected"), "this node is");
        assertEquals(billing.toString(), ((TabularData) server.getAttribute(name, "GlobalNames"))
            .get(new Object[] {"billing"}).get("pid"));
        CompositeData workers = ((TabularData) server.getAttribute(name, "Groups")).get(new Object[] {"workers"});
        assertEquals(2, workers.get("members"));
        assertEquals(1, workers.get("localMembers"));
        assertEquals(2, ((String[]) server.invoke(name, "groupMembers", new Object[] {"workers"},
            new String[] {String.class.getName()})).length);
    }

    @Test
    void aSecondNodeOfTheSameNameIsRefusedWithAMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> NodeBeans.register(node.monitoring(), server, transport::get));
        assertTrue(e.getMessage().contains("admin@localhost"), e.getMessage());
    }

    @Test
    void everyAttributeIsAnOpenTypeThatAClientWithoutSporeClassesCanRead() throws Exception {
        node.spawnRegister(Name.of("greeter"), Name.of("echo"), ProcessOptions.DEFAULTS);
        NodeName peer = NodeName.parse("peer@localhost");
        transport.set(new TransportStatistics() {
            @Override
            public Map<String, Long> counters() {
                return Map.of("bytesIn", 10L, "bytesOut", 20L);
            }

            @Override
            public TrafficStats traffic() {
                return TrafficStats.NONE;
            }

            @Override
            public List<PeerStats> peers() {
                return List.of(new PeerStats(peer, 1_700_000_000_000L, 3, 4, 5, 6, 70, 80, 42_000));
            }

            @Override
            public List<PeerSecurity> peerSecurity() {
                return List.of(new PeerSecurity(peer, "sealed", "AES_256_CTR_HMAC_SHA256", null, null, 1, 2, 3));
            }
        });
        javax.management.openmbean.TabularData peers = (javax.management.openmbean.TabularData)
            server.getAttribute(beans.peersName(), "Peers");
        javax.management.openmbean.CompositeData row = peers.get(new Object[] {"peer@localhost"});
        assertEquals("sealed", row.get("wireSecurity"));
        assertEquals("cookie", row.get("identity"));
        assertEquals(1L, row.get("rejectedBadTag"));
        assertEquals(42L, row.get("roundTripMicros"));
        for (ObjectName name : List.of(beans.nodeName(), beans.accessName(), beans.processesName(),
            beans.peersName())) {
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                assertInstanceOf(javax.management.openmbean.OpenMBeanAttributeInfo.class, attribute,
                    name + " " + attribute.getName() + " has an open type");
                assertNotNull(attribute.getDescriptor().getFieldValue("openType"));
                Object value = server.getAttribute(name, attribute.getName());
                assertJdkOnly(name + "." + attribute.getName(), value);
            }
        }
    }

    @Test
    void theNodeBeanShowsTheNodesStateAndCounters() throws Exception {
        Pid greeter = node.spawnRegister(Name.of("greeter"), Name.of("echo"), ProcessOptions.DEFAULTS);
        node.call(greeter, "hello", Duration.ofSeconds(5));
        NodeMBean proxy = JMX.newMBeanProxy(server, beans.nodeName(), NodeMBean.class);

        assertEquals("admin@localhost", proxy.getName());
        assertEquals(node.creation(), proxy.getCreation());
        assertTrue(proxy.getUptime() >= 0);
        assertTrue(proxy.getStartTime() <= System.currentTimeMillis());
        assertEquals(1, proxy.getProcessCount());
        assertArrayEquals(new String[] {"greeter"}, proxy.getRegisteredNames());
        assertArrayEquals(new String[] {"echo"}, proxy.getFactories());
        assertEquals(1, proxy.getSpawned());
        assertEquals(1, proxy.getCalls());
        assertFalse(proxy.isTransportRunning());
        assertEquals(0, proxy.getBytesIn());

        transport.set(counting(Map.of("bytesIn", 10L, "bytesOut", 20L, "malformedFrames", 1L,
            "unauthenticatedFrames", 2L, "failedHandshakes", 3L, "backPressureEvents", 4L, "duplicatesDropped", 5L)));
        assertTrue(proxy.isTransportRunning());
        assertEquals(10, proxy.getBytesIn());
        assertEquals(20, proxy.getBytesOut());
        assertEquals(3, proxy.getDroppedBadFrames());
        assertEquals(3, proxy.getFailedHandshakes());
        assertEquals(4, proxy.getBackPressureEvents());
        CompositeData counters = proxy.getTransportCounters();
        assertEquals(20L, counters.get("bytesOut"));
        assertEquals(5L, counters.get("duplicatesDropped"));
    }

    @Test
    void trafficWithAnotherNodeIsCountedInAndOutAndItsComingAndGoingNotified() throws Exception {
        List<Notification> heard = new ArrayList<>();
        server.addNotificationListener(beans.nodeName(), (notification, handback) -> {
            synchronized (heard) {
                heard.add(notification);
            }
        }, null, null);
        other = SporeNode.start(new NodeContext().nodeName(NodeName.parse("peer@localhost")).workerThreads(1));
        other.registerFactory("echo", Echo::new);
        Loopback[] pair = Loopback.join(node, other);
        Pid remote = other.spawn(Name.of("echo"), ProcessOptions.DEFAULTS);
        Pid local = node.spawn(Name.of("echo"), ProcessOptions.DEFAULTS);

        node.send(remote, "one");
        node.call(remote, "two", Duration.ofSeconds(5));
        other.send(local, "three");
        other.send(local, "four");
        other.call(local, "five", Duration.ofSeconds(5));

        NodeMBean proxy = JMX.newMBeanProxy(server, beans.nodeName(), NodeMBean.class);
        assertArrayEquals(new String[] {"peer@localhost"}, proxy.getConnectedNodes());
        assertEquals(1, proxy.getMessagesOut());
        assertEquals(1, proxy.getCallsOut());
        assertEquals(2, proxy.getMessagesIn());
        assertEquals(1, proxy.getCallsIn());

        Loopback.cut(pair);
        Await.until("node up and node down notified", () -> {
            synchronized (heard) {
                return heard.stream().map(Notification::getType).toList()
                    .equals(List.of(NodeAdmin.NODE_UP, NodeAdmin.NODE_DOWN));
            }
        });
        assertEquals("peer@localhost", heard.get(0).getUserData());
        assertEquals(beans.nodeName(), heard.get(1).getSource());
        assertEquals(0, proxy.getConnectedNodes().length);
    }

    @Test
    void theProcessesBeanListsEveryProcessAndKillsOne() throws Exception {
        Pid greeter = node.spawnRegister(Name.of("greeter"), Name.of("echo"), ProcessOptions.DEFAULTS);
        Pid plain = node.spawn(Name.of("echo"), ProcessOptions.DEFAULTS);

        TabularData table = (TabularData) server.getAttribute(beans.processesName(), "Processes");
        assertEquals(2, table.size());
        CompositeData row = table.get(new Object[] {greeter.toString()});
        assertEquals("greeter", row.get("registeredName"));
        assertEquals("echo", row.get("factory"));
        assertEquals(0, row.get("mailboxLength"));
        assertEquals(node.identity().toString(), row.get("parent"));
        assertEquals("", table.get(new Object[] {plain.toString()}).get("registeredName"));
        assertEquals(2, server.getAttribute(beans.processesName(), "Count"));

        // As a JMX console passes it: text, with or without the angle brackets.
        String bare = plain.toString().substring(1, plain.toString().length() - 1);
        assertEquals(true, server.invoke(beans.processesName(), "kill", new Object[] {bare},
            new String[] {String.class.getName()}));
        Await.until("the killed process is gone", () -> !node.isAlive(plain));
        assertEquals(false, server.invoke(beans.processesName(), "kill", new Object[] {plain.toString()},
            new String[] {String.class.getName()}));
        assertArrayEquals(new String[] {greeter.toString()},
            (String[]) server.getAttribute(beans.processesName(), "Pids"));
    }

    @Test
    void aBadPidIsAnErrorThatSaysWhatAPidLooksLike() {
        RuntimeMBeanException notAPid = assertThrows(RuntimeMBeanException.class, () -> server.invoke(
            beans.processesName(), "kill", new Object[] {"nonsense"}, new String[] {String.class.getName()}));
        assertInstanceOf(IllegalArgumentException.class, notAPid.getCause());
        assertTrue(notAPid.getCause().getMessage().contains("<name@host.id.creation>"),
            notAPid.getCause().getMessage());

        RuntimeMBeanException foreign = assertThrows(RuntimeMBeanException.class, () -> server.invoke(
            beans.processesName(), "kill", new Object[] {"<peer@localhost.1.1>"},
            new String[] {String.class.getName()}));
        assertTrue(foreign.getCause().getMessage().contains("belongs to node peer@localhost"),
            foreign.getCause().getMessage());
    }

    @Test
    void theRemoteSpawnFlagIsReadAndWrittenAndItsChangeNotified() throws Exception {
        List<Notification> heard = new ArrayList<>();
        server.addNotificationListener(beans.nodeName(), (notification, handback) -> heard.add(notification),
            null, null);
        assertEquals(true, server.getAttribute(beans.nodeName(), "RemoteSpawnEnabled"));

        server.setAttribute(beans.nodeName(), new Attribute("RemoteSpawnEnabled", false));

        assertFalse(node.network().remoteSpawnEnabled());
        assertEquals(false, server.getAttribute(beans.nodeName(), "RemoteSpawnEnabled"));
        assertEquals(1, heard.size());
        javax.management.AttributeChangeNotification change =
            assertInstanceOf(javax.management.AttributeChangeNotification.class, heard.get(0));
        assertEquals("RemoteSpawnEnabled", change.getAttributeName());
        assertEquals(true, change.getOldValue());
        assertEquals(false, change.getNewValue());
    }

    /** Fails unless {@code value} and everything inside it are JDK types, as a bare JConsole would need. */
    static void assertJdkOnly(String what, Object value) {
        if (value == null) {
            return;
        }
        String type = value.getClass().getName();
        assertTrue(type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("[Ljava.")
            || value.getClass().isArray() && value.getClass().getComponentType().isPrimitive(), what + " is " + type);
        if (value instanceof CompositeData composite) {
            for (String key : composite.getCompositeType().keySet()) {
                assertJdkOnly(what + "." + key, composite.get(key));
            }
        } else if (value instanceof TabularData table) {
            for (Object row : (Collection<?>) table.values()) {
                assertJdkOnly(what + "[]", row);
            }
        } else if (value instanceof Object[] array) {
            Arrays.stream(array).forEach(element -> assertJdkOnly(what + "[]", element));
        }
    }

    /** A transport's statistics that are these counters and nothing else. */
    private static TransportStatistics counting(Map<String, Long> counters) {
        return new TransportStatistics() {
            @Override
            public Map<String, Long> counters() {
                return counters;
            }

            @Override
            public TrafficStats traffic() {
                return TrafficStats.NONE;
            }
        };
    }
}
