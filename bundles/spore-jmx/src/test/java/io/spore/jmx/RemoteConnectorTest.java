package io.spore.jmx;

import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote connector over real RMI on loopback: passwords, access levels, and notifications to a client. */
class RemoteConnectorTest {
    @TempDir
    Path dir;

    private SporeNode node;
    private MBeanServer server;
    private NodeBeans beans;
    private RemoteConnector connector;
    private int port;

    @BeforeEach
    void start() throws IOException {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("remote@localhost")).workerThreads(1));
        server = MBeanServerFactory.newMBeanServer();
        beans = NodeBeans.register(node.monitoring(), server, () -> null);
        port = FreePorts.tcp();
        JmxSettings settings = new JmxSettings(port, port, "127.0.0.1", null, null, dir.resolve("state"));
        connector = RemoteConnector.start(settings, Credentials.of(settings), server);
    }

    @AfterEach
    void stop() {
        connector.close();
        beans.close();
        node.close();
    }

    @Test
    void theGeneratedFilesHoldAReadOnlyAndAReadWriteUserReadableByTheOwnerOnly() throws IOException {
        Path passwords = dir.resolve("state/jmx.password");
        Path access = dir.resolve("state/jmx.access");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwords));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(access));
        Credentials credentials = new Credentials(passwords, access);
        assertEquals(List.of("monitorRole", "controlRole"), List.copyOf(credentials.passwords().keySet()));
        assertEquals("readonly", credentials.access().get("monitorRole"));
        assertEquals("readwrite", credentials.access().get("controlRole"));
        String before = Files.readString(passwords);
        Credentials.generate(dir.resolve("state"));
        assertEquals(before, Files.readString(passwords), "existing files are kept");
    }

    @Test
    void aReadWriteUserReadsAndChanges() throws Exception {
        try (JMXConnector client = connect("controlRole", password("controlRole"))) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            assertEquals("remote@localhost", connection.getAttribute(beans.nodeName(), "Name"));
            connection.setAttribute(beans.nodeName(), new Attribute("RemoteSpawnEnabled", false));
            assertFalse(node.network().remoteSpawnEnabled());
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() {
        assertThrows(SecurityException.class, () -> connect("controlRole", "not-the-password").close());
        assertThrows(SecurityException.class, () -> connect("nobody", password("controlRole")).close());
    }

    @Test
    void aReadOnlyUserReadsButIsRefusedEveryChange() throws Exception {
        try (JMXConnector client = connect("monitorRole", password("monitorRole"))) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            assertEquals("remote@localhost", connection.getAttribute(beans.nodeName(), "Name"));
            SecurityException set = assertThrows(SecurityException.class, () -> connection.setAttribute(
                beans.nodeName(), new Attribute("RemoteSpawnEnabled", false)));
            assertTrue(set.getMessage().contains("readwrite"), set.getMessage());
            assertThrows(SecurityException.class, () -> connection.invoke(beans.processesName(), "kill",
                new Object[] {"<remote@localhost.1.1>"}, new String[] {String.class.getName()}));
            assertTrue(node.network().remoteSpawnEnabled());
        }
    }

    @Test
    void notificationsReachARemoteListener() throws Exception {
        List<Notification> heard = new CopyOnWriteArrayList<>();
        try (JMXConnector client = connect("monitorRole", password("monitorRole"))) {
            client.getMBeanServerConnection().addNotificationListener(beans.nodeName(),
                (notification, handback) -> heard.add(notification), null, null);
            server.setAttribute(beans.nodeName(), new Attribute("RemoteSpawnEnabled", false));
            Await.until("the change reached the client", () -> !heard.isEmpty());
            assertEquals("RemoteSpawnEnabled", ((javax.management.AttributeChangeNotification) heard.get(0))
                .getAttributeName());
        }
    }

    private JMXConnector connect(String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private String password(String user) {
        return new Credentials(dir.resolve("state/jmx.password"), dir.resolve("state/jmx.access")).passwords()
            .get(user);
    }
}
