package io.spore.jmx;

import javax.management.MBeanServerFactory;
import java.nio.file.Path;

/**
 * A remote connector alone in a JVM of its own, for {@link OtherHostTest}: it serves an empty MBeanServer (no
 * node needed) on the address and port given, prints {@code listening}, and stops when its standard input closes.
 */
public final class ConnectorHost {
    private ConnectorHost() {
    }

    /** @param args address, port, password file, access file */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        JmxSettings settings = new JmxSettings(port, port, args[0], Path.of(args[2]), Path.of(args[3]), null);
        try (RemoteConnector connector = RemoteConnector.start(settings, Credentials.of(settings),
                MBeanServerFactory.newMBeanServer())) {
            System.out.println("listening at " + connector.address());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serves until the test closes standard input.
            }
        }
        System.exit(0);
    }
}
