package io.spore.jmx;

import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.FreePorts;

import javax.management.MBeanServer;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A node with its MBeans in a given MBeanServer and a real remote connector on a free loopback port, for the tests
 * of the connector's doors; users and levels come from files the test writes, mode 0600.
 */
final class TestConnector implements AutoCloseable {
    final SporeNode node;
    final NodeBeans beans;
    final RemoteConnector connector;
    final int port;

    private TestConnector(SporeNode node, NodeBeans beans, RemoteConnector connector, int port) {
        this.node = node;
        this.beans = beans;
        this.connector = connector;
        this.port = port;
    }

    /**
     * @param node     the node's name, unique in {@code server}
     * @param dir      where the password and access files go
     * @param users    user to {@code password level}
     * @param settings makes the settings from the port and the two files
     */
    static TestConnector start(String node, MBeanServer server, Path dir, Map<String, String> users,
                               SettingsMaker settings) throws IOException {
        StringBuilder passwords = new StringBuilder();
        StringBuilder access = new StringBuilder();
        users.forEach((user, entry) -> {
            String[] words = entry.split(" ");
            passwords.append(user).append(' ').append(words[0]).append('\n');
            access.append(user).append(' ').append(words[1]).append('\n');
        });
        Path passwordFile = privateFile(dir.resolve("jmx.password"), passwords.toString());
        Path accessFile = privateFile(dir.resolve("jmx.access"), access.toString());
        int port = FreePorts.tcp();
        JmxSettings made = settings.make(port, passwordFile, accessFile);
        SporeNode started = SporeNode.start(new NodeContext().nodeName(NodeName.parse(node)).workerThreads(1));
        NodeBeans beans = null;
        try {
            beans = NodeBeans.register(started.monitoring(), server, () -> null);
            return new TestConnector(started, beans, RemoteConnector.start(made, Credentials.of(made), server), port);
        } catch (RuntimeException e) {
            if (beans != null) {
                beans.close();
            }
            started.close();
            throw e;
        }
    }

    /** Plain settings on 127.0.0.1 with the two files. */
    static SettingsMaker plain() {
        return (port, passwords, access) -> new JmxSettings(port, port, "127.0.0.1", passwords, access, null);
    }

    static Path privateFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, text);
    }

    /** Connects as a plain JMX client would, with {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}. */
    JMXConnector connect(String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    @Override
    public void close() {
        connector.close();
        beans.close();
        node.close();
    }

    /** Makes the settings of a test's connector. */
    @FunctionalInterface
    interface SettingsMaker {
        JmxSettings make(int port, Path passwordFile, Path accessFile);
    }
}
