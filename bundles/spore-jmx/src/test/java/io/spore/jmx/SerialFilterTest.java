package io.spore.jmx;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.AttributeChangeNotificationFilter;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import javax.management.NotificationFilterSupport;
import javax.management.ObjectName;
import javax.management.relation.MBeanServerNotificationFilter;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.io.InvalidClassException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector's serial filter over real RMI: a logged-in client's gadget is refused before it is built, wherever
 * the client puts it, and the calls JConsole and scripts make still pass.
 */
class SerialFilterTest {
    @TempDir
    Path dir;

    private TestConnector jmx;

    @BeforeEach
    void start() throws IOException {
        Gadget.wentOff = false;
        jmx = TestConnector.start("filter@localhost", MBeanServerFactory.newMBeanServer(), dir,
            Map.of("monitor", "m0n1t0r readonly", "control", "c0ntr0l readwrite"), TestConnector.plain());
    }

    @AfterEach
    void stop() {
        jmx.close();
    }

    @Test
    void aReadOnlyUsersGadgetIsRefusedBeforeItIsBuilt() throws Exception {
        try (JMXConnector client = jmx.connect("monitor", "m0n1t0r")) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            ObjectName processes = jmx.beans.processesName();
            // The server refused the bytes. Without the filter the gadget would be built, then the call refused
            // for a readonly user: too late.
            InvalidClassException refused = assertThrows(InvalidClassException.class, () -> connection.invoke(
                processes, "kill", new Object[] {new Gadget()}, new String[] {String.class.getName()}));
            assertTrue(refused.getMessage().contains("REJECTED"), refused.getMessage());
            assertThrows(IOException.class, () -> connection.setAttribute(jmx.beans.nodeName(),
                new Attribute("RemoteSpawnEnabled", new Gadget())));
            assertThrows(IOException.class, () -> connection.addNotificationListener(jmx.beans.nodeName(),
                (notification, handback) -> { }, new Gadget(), null));
            assertFalse(Gadget.wentOff, "the gadget was built on the server");
            assertEquals("filter@localhost", connection.getAttribute(jmx.beans.nodeName(), "Name"),
                "the connection still works");
        }
    }

    @Test
    void theCallsOfConsolesAndScriptsPass() throws Exception {
        try (JMXConnector client = jmx.connect("control", "c0ntr0l")) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            assertEquals(6, connection.queryNames(new ObjectName("io.spore:*"), null).size());
            AttributeList read = connection.getAttributes(jmx.beans.nodeName(), new String[] {"Name", "Uptime"});
            assertEquals(2, read.size());
            AttributeList set = connection.setAttributes(jmx.beans.nodeName(),
                new AttributeList(java.util.List.of(new Attribute("RemoteSpawnEnabled", false))));
            assertEquals(1, set.size());
            assertFalse(jmx.node.network().remoteSpawnEnabled());
            jmx.node.registerFactory("echo", Echo::new);
            connection.invoke(jmx.beans.accessName(), "enableSpawn", new Object[] {"echo", new String[0]},
                new String[] {String.class.getName(), String[].class.getName()});

            NotificationFilterSupport types = new NotificationFilterSupport();
            types.enableType("io.spore.node.up");
            connection.addNotificationListener(jmx.beans.nodeName(), (notification, handback) -> { }, types, "hb");
            AttributeChangeNotificationFilter attributes = new AttributeChangeNotificationFilter();
            attributes.enableAttribute("RemoteSpawnEnabled");
            connection.addNotificationListener(jmx.beans.nodeName(), (notification, handback) -> { }, attributes, 7L);
            MBeanServerNotificationFilter registrations = new MBeanServerNotificationFilter();
            registrations.enableObjectName(jmx.beans.nodeName());
            connection.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, (notification, handback) -> { },
                registrations, null);
        }
    }
}
