package io.spore.jmx;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.NodeName;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SpawnAccess bean of a real in-process node, with a second node joined to it that asks for spawns: the table,
 * the operations with the seed's semantics, and the notifications.
 */
class SpawnAccessBeanTest {
    private static final String[] NONE = new String[0];
    private static final String[] SIGNATURE = {String.class.getName(), String[].class.getName()};

    private SporeNode node;
    private SporeNode peer;
    private MBeanServer server;
    private NodeBeans beans;
    private ObjectName access;
    private final List<Notification> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("target@localhost")).workerThreads(2));
        node.registerFactory("echo", Echo::new);
        peer = SporeNode.start(new NodeContext().nodeName(NodeName.parse("peer@localhost")).workerThreads(1));
        Loopback.join(node, peer);
        server = MBeanServerFactory.newMBeanServer();
        beans = NodeBeans.register(node.monitoring(), server, () -> null);
        access = beans.accessName();
        server.addNotificationListener(access, (notification, handback) -> heard.add(notification), null, null);
    }

    @AfterEach
    void stop() {
        beans.close();
        node.close();
        peer.close();
    }

    @Test
    void theTableShowsEachFactorysAccessAndCounters() throws Exception {
        TabularData table = (TabularData) server.getAttribute(access, "Factories");
        CompositeData echo = table.get(new Object[] {"echo"});
        assertNotNull(echo, table.toString());
        assertEquals(true, echo.get("remoteSpawn"));
        assertEquals(true, echo.get("openToAll"));
        assertEquals("", echo.get("allowedNodes"));
        assertEquals(0L, echo.get("spawned"));
        assertArrayEquals(new String[] {"echo"}, (String[]) server.getAttribute(access, "FactoryNames"));
        assertEquals("open to all", invoke("describe", "echo"));
    }

    @Test
    void aListedFactoryRefusesOtherNodesAndEveryRefusalIsNotified() throws Exception {
        invoke("enableSpawn", "echo", new String[] {"other@localhost"});
        assertArrayEquals(new String[] {"other@localhost"}, (String[]) invoke("allowedNodes", "echo"));

        SporeException refused = assertThrows(SporeException.class, this::spawnFromPeer);
        assertEquals(SporeException.Reason.NOT_ALLOWED, refused.reason());
        Notification denied = awaitNotification(SpawnAccessAdmin.DENIED);
        CompositeData who = (CompositeData) denied.getUserData();
        assertEquals("peer@localhost", who.get("requester"));
        assertEquals("echo", who.get("factory"));
        assertEquals(1L, row("echo").get("denied"));

        invoke("enableSpawn", "echo", new String[] {"peer@localhost"});
        assertNotNull(spawnFromPeer());
        assertEquals("listed: other@localhost, peer@localhost", invoke("describe", "echo"));
        // Counted by the target as it answers, which may be just after the requester has its pid.
        Await.until("the spawn counted", () -> {
            try {
                return Long.valueOf(1).equals(row("echo").get("spawned"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void everyChangeIsAnAttributeChangeWithTheRowBeforeAndAfter() throws Exception {
        invoke("enableSpawn", "echo", new String[] {"a@localhost", "b@localhost"});
        invoke("disableSpawn", "echo", new String[] {"a@localhost"});

        List<AttributeChangeNotification> changes = heard.stream()
            .filter(AttributeChangeNotification.class::isInstance).map(AttributeChangeNotification.class::cast)
            .toList();
        assertEquals(2, changes.size(), heard.toString());
        AttributeChangeNotification added = changes.get(0);
        assertEquals("Factories", added.getAttributeName());
        assertEquals("echo", added.getUserData());
        assertEquals(true, ((CompositeData) added.getOldValue()).get("openToAll"));
        assertEquals("a@localhost, b@localhost", ((CompositeData) added.getNewValue()).get("allowedNodes"));
        assertEquals("b@localhost", ((CompositeData) changes.get(1).getNewValue()).get("allowedNodes"));
        assertTrue(changes.get(1).getMessage().contains("nodes removed a@localhost"), changes.get(1).getMessage());
        assertTrue(changes.get(0).getSequenceNumber() < changes.get(1).getSequenceNumber());
    }

    @Test
    void aListThatBecomesEmptyOpensToAllWithADistinctNotification() throws Exception {
        invoke("enableSpawn", "echo", new String[] {"peer@localhost"});
        heard.clear();

        invoke("disableSpawn", "echo", new String[] {"peer@localhost"});

        Notification opened = awaitNotification(SpawnAccessAdmin.OPENED_TO_ALL);
        assertEquals("echo", opened.getUserData());
        assertTrue(opened.getMessage().contains("every node may spawn it"), opened.getMessage());
        assertEquals("open to all", invoke("describe", "echo"));
    }

    @Test
    void anEmptyArrayMeansNoNodes() throws Exception {
        invoke("disableSpawn", "echo", NONE);
        assertEquals("disabled", invoke("describe", "echo"));
        assertEquals(false, row("echo").get("remoteSpawn"));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            assertThrows(SporeException.class, this::spawnFromPeer).reason());

        invoke("enableSpawn", "echo", NONE);
        assertEquals("open to all", invoke("describe", "echo"));
        assertNotNull(spawnFromPeer());

        // A console without an array editor may pass the nodes in one element, separated by commas.
        invoke("enableSpawn", "echo", new String[] {"a@localhost,b@localhost"});
        assertArrayEquals(new String[] {"a@localhost", "b@localhost"}, (String[]) invoke("allowedNodes", "echo"));
    }

    @Test
    void consolesWithoutAnArrayEditorPassTheNodesAsOneText() throws Exception {
        String[] text = {String.class.getName(), String.class.getName()};
        server.invoke(access, "enableSpawnNodes", new Object[] {"echo", "a@localhost, b@localhost"}, text);
        assertEquals("listed: a@localhost, b@localhost", invoke("describe", "echo"));
        server.invoke(access, "disableSpawnNodes", new Object[] {"echo", "a@localhost b@localhost"}, text);
        assertEquals("open to all", invoke("describe", "echo"));
        server.invoke(access, "disableSpawnNodes", new Object[] {"echo", ""}, text);
        assertEquals("disabled", invoke("describe", "echo"));
        server.invoke(access, "enableSpawnNodes", new Object[] {"echo", ""}, text);
        assertEquals("open to all", invoke("describe", "echo"));
    }

    @Test
    void anUnknownFactoryIsAnErrorThatNamesTheKnownOnes() {
        RuntimeMBeanException unknown = assertThrows(RuntimeMBeanException.class,
            () -> invoke("enableSpawn", "nosuch", NONE));
        assertInstanceOf(IllegalArgumentException.class, unknown.getCause());
        assertTrue(unknown.getCause().getMessage().contains("nosuch"), unknown.getCause().getMessage());
        assertTrue(unknown.getCause().getMessage().contains("echo"), unknown.getCause().getMessage());

        RuntimeMBeanException badNode = assertThrows(RuntimeMBeanException.class,
            () -> invoke("enableSpawn", "echo", new String[] {"no-host"}));
        assertInstanceOf(IllegalArgumentException.class, badNode.getCause());
        RuntimeMBeanException unknownRead = assertThrows(RuntimeMBeanException.class,
            () -> invoke("allowedNodes", "nosuch"));
        assertTrue(unknownRead.getCause().getMessage().contains("no spawn name 'nosuch'"));
    }

    @Test
    void changesMadeOutsideJmxAreNotifiedToo() throws Exception {
        Network network = node.network();
        network.enableSpawn(Name.of("echo"), NodeName.parse("peer@localhost"));
        AttributeChangeNotification change = (AttributeChangeNotification) awaitNotification(
            AttributeChangeNotification.ATTRIBUTE_CHANGE);
        assertEquals("peer@localhost", ((CompositeData) change.getNewValue()).get("allowedNodes"));
        assertNull(heard.stream().filter(n -> n.getType().equals(SpawnAccessAdmin.DENIED)).findAny().orElse(null));
    }

    private Object spawnFromPeer() {
        return peer.network().getNode(node.name()).spawn(Name.of("echo"),
            ProcessOptions.DEFAULTS);
    }

    private CompositeData row(String name) throws Exception {
        return ((TabularData) server.getAttribute(access, "Factories")).get(new Object[] {name});
    }

    private Object invoke(String operation, String factory, String[] nodes) throws Exception {
        return server.invoke(access, operation, new Object[] {factory, nodes}, SIGNATURE);
    }

    private Object invoke(String operation, String factory) throws Exception {
        return server.invoke(access, operation, new Object[] {factory}, new String[] {String.class.getName()});
    }

    private Notification awaitNotification(String type) {
        Await.until("a " + type + " notification", () -> heard.stream().anyMatch(n -> n.getType().equals(type)));
        return heard.stream().filter(n -> n.getType().equals(type)).findFirst().orElseThrow();
    }
}
