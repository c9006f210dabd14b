package io.spore.jmx;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.rmi.registry.LocateRegistry;
import java.util.Map;

/**
 * A JMX client in its own JVM. With {@code registry-tls} it connects as JConsole does to a connector whose registry
 * speaks TLS: it looks up {@code jmxrmi} over TLS, then connects through the stub, which speaks TLS by itself. With
 * {@code url} it connects as jmxterm and scripts do, with {@code JMXConnectorFactory} and the plain
 * {@code service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi}: the registry must be plain, the stub brings TLS. The JVM's
 * {@code javax.net.ssl.trustStore} decides whom it trusts. Prints {@code connected: N} with the number of MBeans, or
 * {@code failed: ...}.
 */
public final class TlsClient {
    private TlsClient() {
    }

    /** @param args {@code registry-tls} or {@code url}, host, port, user, password */
    public static void main(String[] args) {
        Map<String, ?> credentials = Map.of(JMXConnector.CREDENTIALS, new String[] {args[3], args[4]});
        try (JMXConnector client = connect(args[0], args[1], Integer.parseInt(args[2]), credentials)) {
            System.out.println("connected: " + client.getMBeanServerConnection().getMBeanCount());
        } catch (Exception e) {
            System.out.println("failed: " + e);
        }
    }

    private static JMXConnector connect(String how, String host, int port, Map<String, ?> credentials)
        throws Exception {
        if (how.equals("url")) {
            return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + host + ":" + port
                + "/jmxrmi"), credentials);
        }
        RMIServer stub = (RMIServer) LocateRegistry.getRegistry(host, port, new SslRMIClientSocketFactory())
            .lookup("jmxrmi");
        JMXConnector client = new RMIConnector(stub, null);
        client.connect(credentials);
        return client;
    }
}
