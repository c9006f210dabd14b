package io.spore.jmx;

import java.nio.file.Path;
import java.security.KeyStore;
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
 * @param tls          TLS for the connector ({@value #SSL}), or {@code null} for none
 */
record JmxSettings(int port, int rmiPort, String host, Path passwordFile, Path accessFile, Path stateDir,
                   TlsSettings tls) {
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
    /** Framework property: {@code true} for TLS on the connector (the JDK's {@code jmxremote.ssl}); default off. */
    static final String SSL = "spore.jmx.ssl";
    /**
     * Framework property: {@code false} to keep the RMI registry plain while the connector speaks TLS (the JDK's
     * {@code jmxremote.registry.ssl}), for clients that cannot look up over TLS; it then needs its own
     * {@value #RMI_PORT}. Default {@code true}.
     */
    static final String REGISTRY_SSL = "spore.jmx.registry.ssl";
    /** Framework property: the keystore with the server's key; default the JVM's {@code javax.net.ssl.keyStore}. */
    static final String SSL_KEYSTORE = "spore.jmx.ssl.keystore";
    /** Framework property: the keystore's type; default the JDK's ({@code PKCS12}). */
    static final String SSL_KEYSTORE_TYPE = "spore.jmx.ssl.keystore.type";
    /** Framework property: a file whose first line is the keystore's password, readable by its owner only. */
    static final String SSL_KEYSTORE_PASSWORD_FILE = "spore.jmx.ssl.keystore.password.file";
    /** Framework property: the keystore's password itself (the file is better: properties show in logs). */
    static final String SSL_KEYSTORE_PASSWORD = "spore.jmx.ssl.keystore.password";
    /** The default address: loopback, so only this host's users reach the connector. */
    static final String LOOPBACK = "127.0.0.1";

    /** Settings without TLS. */
    JmxSettings(int port, int rmiPort, String host, Path passwordFile, Path accessFile, Path stateDir) {
        this(port, rmiPort, host, passwordFile, accessFile, stateDir, null);
    }

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
            path(properties.apply(STATE_DIR)), tls(properties, registryPort, rmiPort));
    }

    private static TlsSettings tls(Function<String, String> properties, int registryPort, int rmiPort) {
        boolean on = flag(properties, SSL, false);
        if (!on) {
            for (String key : new String[] {REGISTRY_SSL, SSL_KEYSTORE, SSL_KEYSTORE_TYPE, SSL_KEYSTORE_PASSWORD_FILE,
                SSL_KEYSTORE_PASSWORD}) {
                if (blankToNull(properties.apply(key)) != null) {
                    throw new IllegalArgumentException("framework property " + key + " configures TLS for the JMX"
                        + " connector, which " + SSL + "=true turns on: set it too, or leave " + key + " out");
                }
            }
            return null;
        }
        boolean registry = flag(properties, REGISTRY_SSL, true);
        if (!registry && registryPort == rmiPort) {
            throw new IllegalArgumentException("a plain RMI registry (" + REGISTRY_SSL + "=false) and a TLS connector"
                + " cannot share port " + registryPort + ": give the connector its own port with " + RMI_PORT);
        }
        String type = blankToNull(properties.apply(SSL_KEYSTORE_TYPE));
        String password = properties.apply(SSL_KEYSTORE_PASSWORD);
        return new TlsSettings(registry, path(properties.apply(SSL_KEYSTORE)),
            type == null ? KeyStore.getDefaultType() : type, path(properties.apply(SSL_KEYSTORE_PASSWORD_FILE)),
            password == null || password.isEmpty() ? null : password);
    }

    private static boolean flag(Function<String, String> properties, String key, boolean otherwise) {
        String value = blankToNull(properties.apply(key));
        if (value == null) {
            return otherwise;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("framework property " + key + " must be true or false, was '" + value
            + "'");
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
