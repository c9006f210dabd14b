package io.spore.distribution;

import io.spore.testsupport.Await;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real JMX client of a node's remote connector, as a console or script would be: the JDK's RMI connector client,
 * a user and password from the node's generated password file, and the notifications it hears, kept for asserts.
 */
final class JmxClient implements AutoCloseable {
    static final String[] NODES = {String.class.getName(), String[].class.getName()};

    private final JMXConnector connector;
    private final List<Notification> heard = new CopyOnWriteArrayList<>();
    private final NotificationListener listener = (notification, handback) -> heard.add(notification);

    private JmxClient(JMXConnector connector) {
        this.connector = connector;
    }

    /** Connects to {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi} as {@code user}. */
    static JmxClient connect(int port, String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return new JmxClient(JMXConnectorFactory.connect(url,
            Map.of(JMXConnector.CREDENTIALS, new String[] {user, password})));
    }

    /** @return {@code user}'s password from the password file the node generated in {@code stateDir} */
    static String password(Path stateDir, String user) {
        try {
            return Files.readAllLines(stateDir.resolve("jmx.password")).stream()
                .filter(line -> line.startsWith(user + " "))
                .map(line -> line.substring(user.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + user + " in " + stateDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code io.spore:type=TYPE,name=NODE} */
    static ObjectName name(String type, String node) {
        try {
            return new ObjectName("io.spore:type=" + type + ",name=" + node);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    MBeanServerConnection connection() throws IOException {
        return connector.getMBeanServerConnection();
    }

    /** Keeps every notification of {@code bean} from now on. */
    JmxClient listen(ObjectName bean) throws Exception {
        connection().addNotificationListener(bean, listener, null, null);
        return this;
    }

    Object get(ObjectName bean, String attribute) throws Exception {
        return connection().getAttribute(bean, attribute);
    }

    Object invoke(ObjectName bean, String operation, String factory, String... nodes) throws Exception {
        return connection().invoke(bean, operation, new Object[] {factory, nodes}, NODES);
    }

    Object invoke(ObjectName bean, String operation, String factory) throws Exception {
        return connection().invoke(bean, operation, new Object[] {factory}, new String[] {String.class.getName()});
    }

    /** Waits for a notification that passes {@code test}, and returns it. */
    Notification await(String what, Predicate<Notification> test) {
        Notification[] found = {null};
        if (!Await.until(Duration.ofSeconds(30), () -> (found[0] = heard.stream().filter(test).findFirst()
            .orElse(null)) != null)) {
            fail("no notification " + what + " within 30 s; heard: " + heard);
        }
        return found[0];
    }

    /** @return the notifications of {@code type} heard so far */
    List<Notification> heard(String type) {
        return heard.stream().filter(n -> n.getType().equals(type)).toList();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
