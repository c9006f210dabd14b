package io.spore.jmx;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The remote connector's settings, read from framework properties. Without {@value #PORT} there is no remote
 * connector (JConsole's local attach still works: the MBeans live in the platform MBeanServer).
 *
 * @param port         the RMI registry's TCP port ({@value #PORT})
 * @param rmiPort      the TCP port of the connector's RMI server ({@value #RMI_PORT}); by default the registry's
 *                     own, so one port carries everything
 * @param host         the address to listen on ({@value #HOST}); by default loopback only
 * @param passwordFile {@value #PASSWORD_FILE}, or {@code null} for {@code jmx.password} in the state folder
 * @param accessFile   {@value #ACCESS_FILE}, or {@code null} for {@code jmx.access} in the state folder
 * @param stateDir     the node's state folder ({@value #STATE_DIR}), or {@code null}
 */
record JmxSettings(int port, int rmiPort, String host, Path passwordFile, Path accessFile, Path stateDir) {
    /** Framework property: the RMI registry port; its presence turns the remote connector on. */
    static final String PORT = "spore.jmx.port";
    /** Framework property: the RMI server port; default the registry port. */
    static final String RMI_PORT = "spore.jmx.rmi.port";
    /** Framework property: the address to listen on; default 127.0.0.1. */
    static final String HOST = "spore.jmx.host";
    /** Framework property: the password file (lines {@code user password}). */
    static final String PASSWORD_FILE = "spore.jmx.password.file";
    /** Framework property: the access file (lines {@code user readonly|readwrite}). */
    static final String ACCESS_FILE = "spore.jmx.access.file";
    /** Framework property: the folder where the node keeps what outlives it. */
    static final String STATE_DIR = "spore.state.dir";
    /** The default address: loopback, so only this host's users reach the connector. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * @param properties the framework's properties
     * @return the settings, or {@code null} when {@value #PORT} is not set
     * @throws IllegalArgumentException naming the property that is malformed
     */
    static JmxSettings read(Function<String, String> properties) {
        String port = blankToNull(properties.apply(PORT));
        if (port == null) {
            return null;
        }
        int registryPort = port(PORT, port);
        String rmi = blankToNull(properties.apply(RMI_PORT));
        int rmiPort = rmi == null ? registryPort : port(RMI_PORT, rmi);
        String host = blankToNull(properties.apply(HOST));
        return new JmxSettings(registryPort, rmiPort, host == null ? LOOPBACK : host,
            path(properties.apply(PASSWORD_FILE)), path(properties.apply(ACCESS_FILE)),
            path(properties.apply(STATE_DIR)));
    }

    private static int port(String key, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("framework property " + key + " must be a TCP port from 1 to 65535,"
                + " was '" + value + "'");
        }
    }

    private static Path path(String value) {
        String text = blankToNull(value);
        return text == null ? null : Path.of(text).toAbsolutePath().normalize();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
