package io.spore.jmx;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three access levels over real RMI, in the platform MBeanServer where a node's beans live: {@code readwrite}
 * changes the node's MBeans and nothing else; {@code admin} reaches the platform's, {@code DiagnosticCommand}
 * included.
 */
class AccessLevelTest {
    private static final ObjectName DIAGNOSTIC_COMMAND = name("com.sun.management:type=DiagnosticCommand");
    private static final ObjectName MEMORY = name("java.lang:type=Memory");
    private static final String[] STRINGS = {String[].class.getName()};

    @TempDir
    Path dir;

    private TestConnector jmx;

    @BeforeEach
    void start() throws IOException {
        jmx = TestConnector.start("levels-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost",
            ManagementFactory.getPlatformMBeanServer(), dir, Map.of("monitor", "m readonly", "control",
                "c readwrite", "root", "r admin"), TestConnector.plain());
    }

    @AfterEach
    void stop() {
        jmx.close();
    }

    @Test
    void readWriteChangesTheNodesMBeansButNoPlatformMBean() throws Exception {
        try (JMXConnector client = jmx.connect("control", "c")) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            connection.setAttribute(jmx.beans.nodeName(), new Attribute("RemoteSpawnEnabled", false));
            assertFalse(jmx.node.network().remoteSpawnEnabled());
            assertEquals(false, connection.invoke(jmx.beans.processesName(), "kill",
                new Object[] {"<" + jmx.node.name() + ".1.1>"}, new String[] {String.class.getName()}),
                "an operation of the node's own");

            SecurityException command = assertThrows(SecurityException.class, () -> connection.invoke(
                DIAGNOSTIC_COMMAND, "vmVersion", new Object[] {new String[0]}, STRINGS));
            assertTrue(command.getMessage().contains("admin"), command.getMessage());
            assertThrows(SecurityException.class, () -> connection.invoke(MEMORY, "gc", null, null));
            assertThrows(SecurityException.class, () -> connection.setAttribute(MEMORY,
                new Attribute("Verbose", true)));
            assertThrows(SecurityException.class, () -> connection.unregisterMBean(jmx.beans.nodeName()));
            assertTrue(connection.isRegistered(jmx.beans.nodeName()));
            assertTrue(connection.getAttribute(MEMORY, "HeapMemoryUsage") != null, "reading is allowed");
        }
    }

    @Test
    void adminReachesThePlatformMBeans() throws Exception {
        try (JMXConnector client = jmx.connect("root", "r")) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            String version = (String) connection.invoke(DIAGNOSTIC_COMMAND, "vmVersion",
                new Object[] {new String[0]}, STRINGS);
            assertTrue(version.contains("JDK") || version.contains("VM"), version);
            connection.setAttribute(jmx.beans.nodeName(), new Attribute("RemoteSpawnEnabled", false));
            assertFalse(jmx.node.network().remoteSpawnEnabled());
        }
    }

    @Test
    void readOnlyChangesNothing() throws Exception {
        try (JMXConnector client = jmx.connect("monitor", "m")) {
            MBeanServerConnection connection = client.getMBeanServerConnection();
            SecurityException spore = assertThrows(SecurityException.class, () -> connection.setAttribute(
                jmx.beans.nodeName(), new Attribute("RemoteSpawnEnabled", false)));
            assertTrue(spore.getMessage().contains("readwrite"), spore.getMessage());
            assertThrows(SecurityException.class, () -> connection.invoke(DIAGNOSTIC_COMMAND, "vmVersion",
                new Object[] {new String[0]}, STRINGS));
            assertTrue(jmx.node.network().remoteSpawnEnabled());
        }
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
