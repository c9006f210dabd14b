package io.spore.jmx;

import javax.management.remote.JMXConnector;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.rmi.registry.LocateRegistry;
import java.util.Map;

/**
 * A JMX client in its own JVM, connecting as JConsole does to a connector whose registry speaks TLS: it looks up
 * {@code jmxrmi} over TLS, then connects through the stub, which speaks TLS by itself. The JVM's
 * {@code javax.net.ssl.trustStore} decides whom it trusts. Prints {@code connected: N} with the number of MBeans, or
 * {@code failed: ...}.
 */
public final class TlsClient {
    private TlsClient() {
    }

    /** @param args host, port, user, password */
    public static void main(String[] args) {
        try {
            RMIServer stub = (RMIServer) LocateRegistry.getRegistry(args[0], Integer.parseInt(args[1]),
                new SslRMIClientSocketFactory()).lookup("jmxrmi");
            try (JMXConnector client = new RMIConnector(stub, null)) {
                client.connect(Map.of(JMXConnector.CREDENTIALS, new String[] {args[2], args[3]}));
                System.out.println("connected: " + client.getMBeanServerConnection().getMBeanCount());
            }
        } catch (Exception e) {
            System.out.println("failed: " + e);
        }
    }
}
