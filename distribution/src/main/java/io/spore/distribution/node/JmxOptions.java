package io.spore.distribution.node;

import io.spore.distribution.cli.PortConverter;
import io.spore.distribution.framework.NodeConfig;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The remote JMX options of {@code spore node}. Without {@code --jmx-port} there is no remote connector, and
 * JConsole's local attach (same user, same host) still reaches the node's MXBeans.
 */
final class JmxOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--jmx-port", paramLabel = "PORT", converter = PortConverter.class,
        description = "Start a remote JMX connector: its RMI registry listens on PORT (and so does its RMI server,"
            + " unless --jmx-rmi-port says otherwise). Clients connect to"
            + " service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi with a user and password.")
    Integer port;

    @Option(names = "--jmx-rmi-port", paramLabel = "PORT", converter = PortConverter.class,
        description = "The connector's RMI server port, for firewalls that want the pair spelled out (default: the"
            + " --jmx-port itself).")
    Integer rmiPort;

    @Option(names = "--jmx-host", paramLabel = "ADDR",
        description = "Address the JMX connector listens on (default: 127.0.0.1, this host only; 0.0.0.0 for every"
            + " interface).")
    String host;

    @Option(names = "--jmx-password-file", paramLabel = "FILE",
        description = "JMX users, one 'user password' per line, read at every login (default: jmx.password in the"
            + " state folder, generated with a monitorRole and a controlRole user and random passwords).")
    Path passwordFile;

    @Option(names = "--jmx-access-file", paramLabel = "FILE",
        description = "Access levels, one 'user readonly' or 'user readwrite' per line (default: jmx.access in the"
            + " state folder, generated: monitorRole readonly, controlRole readwrite).")
    Path accessFile;

    @Option(names = "--jmx-ssl", description = "TLS for the JMX connector, with the key in --jmx-keystore (or the"
        + " JVM's javax.net.ssl.keyStore). JConsole then needs the node's certificate in its trust store: jconsole"
        + " -J-Djavax.net.ssl.trustStore=trust.p12 -J-Djavax.net.ssl.trustStorePassword=... HOST:PORT.")
    boolean ssl;

    @Option(names = "--jmx-keystore", paramLabel = "FILE",
        description = "With --jmx-ssl: the keystore (PKCS12) holding the node's key and certificate.")
    Path keystore;

    @Option(names = "--jmx-keystore-password-file", paramLabel = "FILE",
        description = "With --jmx-ssl: a file (mode 600) whose first line is the keystore's password.")
    Path keystorePasswordFile;

    @Option(names = "--jmx-plain-registry", description = "With --jmx-ssl: keep the RMI registry plain, for"
        + " clients such as jmxterm that cannot look it up over TLS (needs --jmx-rmi-port).")
    boolean plainRegistry;

    /**
     * Checks the combination and copies the options into {@code config}.
     *
     * @throws ParameterException on a bad combination, for the one-line usage error
     */
    NodeConfig applyTo(NodeConfig config) {
        boolean others = rmiPort != null || host != null || passwordFile != null || accessFile != null;
        if (port == null && others) {
            throw new ParameterException(spec.commandLine(), "the --jmx-* options configure the remote connector,"
                + " which --jmx-port turns on: give --jmx-port too");
        }
        if (port != null && port == 0 || rmiPort != null && rmiPort == 0) {
            throw new ParameterException(spec.commandLine(), "--jmx-port and --jmx-rmi-port must be from 1 to"
                + " 65535: clients need to know them in advance");
        }
        if (host != null && host.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--jmx-host is empty: give an address of this host");
        }
        if ((passwordFile == null) != (accessFile == null)) {
            throw new ParameterException(spec.commandLine(), "--jmx-password-file and --jmx-access-file go together:"
                + " give both, or neither to have them generated in the state folder");
        }
        for (Path file : new Path[] {passwordFile, accessFile}) {
            if (file != null && !Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), file + (Files.exists(file) ? " is not a regular file"
                    : " does not exist") + ": name an existing file (mode 600)");
            }
        }
        if (!ssl && (keystore != null || keystorePasswordFile != null || plainRegistry)) {
            throw new ParameterException(spec.commandLine(), "--jmx-keystore, --jmx-keystore-password-file and"
                + " --jmx-plain-registry configure TLS, which --jmx-ssl turns on: give --jmx-ssl too");
        }
        if (ssl && port == null) {
            throw new ParameterException(spec.commandLine(), "--jmx-ssl secures the remote connector, which"
                + " --jmx-port turns on: give --jmx-port too");
        }
        return config.jmxPort(port).jmxRmiPort(rmiPort).jmxHost(host).jmxPasswordFile(passwordFile)
            .jmxAccessFile(accessFile)
            .jmxTls(ssl ? new NodeConfig.JmxTls(keystore, keystorePasswordFile, plainRegistry) : null);
    }
}
