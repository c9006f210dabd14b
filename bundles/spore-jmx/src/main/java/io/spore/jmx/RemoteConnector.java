package io.spore.jmx;

import javax.management.MBeanServer;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The remote JMX connector: the JDK's RMI connector with an RMI registry on a fixed port and the connector's
 * server on a fixed port (by default the same one), bound to one address, with password authentication and
 * {@link AccessLevel}s. Clients connect to {@code service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi}, as to any JVM
 * started with {@code -Dcom.sun.management.jmxremote.port}.
 *
 * <p>Its doors, each closed as the JDK's own agent closes them or tighter: the port takes local connections from the
 * node's own user only ({@link GuardedServerSocket}), so no other user of the host can rebind {@code jmxrmi} in the
 * registry and collect the next login's password (the JDK's registry refuses changes from other hosts, not from
 * other users); nothing but the user name and password is deserialized before login, and after login only what
 * {@link SerialFilter} admits; {@link RoleAccess} checks each call against the user's level; optionally, everything
 * travels over TLS ({@link TlsSettings}). RMI object ids are random ({@code java.rmi.server.randomIDs}, as the JDK's
 * agent sets it), so a client cannot reach another's connection by guessing its id.
 *
 * <p>The stub is bound into the registry directly rather than through JNDI, whose URL context factories are not
 * visible from inside an OSGi bundle. The RMI stubs carry the host of {@code java.rmi.server.hostname}; when it is
 * not set, the connector sets it to the listening address (unless that is the wildcard), or clients would be
 * sent to an address the server does not listen on.
 *
 * <p>Threading: start and close from one thread (the bundle's activator); RMI runs its own threads.
 */
final class RemoteConnector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteConnector.class.getName());
    private static final String BINDING = "jmxrmi";

    private final Registry registry;
    private final RMIJRMPServerImpl server;
    private final JMXConnectorServer connector;
    private final JMXServiceURL address;
    private final int port;
    private final BoundServerSocketFactory sockets;

    private RemoteConnector(Registry registry, RMIJRMPServerImpl server, JMXConnectorServer connector,
                            JMXServiceURL address, int port, BoundServerSocketFactory sockets) {
        this.registry = registry;
        this.server = server;
        this.connector = connector;
        this.address = address;
        this.port = port;
        this.sockets = sockets;
    }

    /**
     * Starts the connector.
     *
     * @throws IllegalArgumentException when the host is unknown, or TLS is asked for and its keystore cannot be used
     * @throws UncheckedIOException     when a port cannot be bound
     */
    static RemoteConnector start(JmxSettings settings, Credentials credentials, MBeanServer mbeans) {
        InetAddress bind = address(settings.host());
        if (!bind.isAnyLocalAddress() && System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", bind.getHostAddress());
        }
        if (System.getProperty("java.rmi.server.randomIDs") == null) {
            System.setProperty("java.rmi.server.randomIDs", "true");
        }
        TlsSettings tls = settings.tls();
        SSLContext context = tls == null ? null : tls.context();
        BoundServerSocketFactory sockets = BoundServerSocketFactory.guarded(bind, context);
        RMIClientSocketFactory clientSockets = context == null ? null : new SslRMIClientSocketFactory();
        boolean registryTls = tls != null && tls.registry();
        BoundServerSocketFactory registrySockets = registryTls || tls == null ? sockets : sockets.plain();
        Registry registry = null;
        RMIJRMPServerImpl server = null;
        JMXConnectorServer connector = null;
        try {
            registry = LocateRegistry.createRegistry(settings.port(), registryTls ? clientSockets : null,
                registrySockets);
            int registryPort = settings.port();
            int rmiPort = settings.rmiPort();
            Map<String, Object> env = new HashMap<>();
            env.put(JMXConnectorServer.AUTHENTICATOR, new PasswordAuthenticator(credentials));
            // Nothing but the {user, password} strings is deserialized before authentication.
            env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, "java.lang.String;!*");
            env.put(RMIConnectorServer.SERIAL_FILTER_PATTERN, SerialFilter.PATTERN);
            server = new RMIJRMPServerImpl(rmiPort, clientSockets, sockets, env);
            String host = hostForUrl(bind);
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + rmiPort + "/jndi/rmi://" + host
                + ":" + registryPort + "/" + BINDING);
            // Its own address without the JNDI part, or it would bind itself through JNDI (see the class comment).
            connector = new RMIConnectorServer(new JMXServiceURL("service:jmx:rmi://" + host + ":" + rmiPort), env,
                server, mbeans);
            connector.setMBeanServerForwarder(RoleAccess.forwarder());
            connector.start();
            registry.bind(BINDING, server.toStub());
            LOG.log(System.Logger.Level.INFO, "JMX connector at {0}{1}; users in {2}, access levels in {3}", url,
                tls == null ? "" : registryTls ? " over TLS" : " over TLS (registry plain)",
                credentials.passwordFile(), credentials.accessFile());
            return new RemoteConnector(registry, server, connector, url, registryPort, sockets);
        } catch (IOException | AlreadyBoundException e) {
            stopQuietly(registry, server, connector);
            throw new UncheckedIOException(new IOException("the JMX connector cannot listen on " + settings.host()
                + " port " + settings.port() + (settings.rmiPort() != settings.port() ? " and " + settings.rmiPort()
                : "") + ": " + rootMessage(e) + "; choose another --jmx-port, or stop what holds it", e));
        } catch (RuntimeException e) {
            stopQuietly(registry, server, connector);
            throw e;
        }
    }

    /** @return the address clients connect to */
    JMXServiceURL address() {
        return address;
    }

    /** @return the registry's port */
    int port() {
        return port;
    }

    /** @return how many connections from other users of this host the port turned away */
    long refusedConnections() {
        return sockets.refused().get();
    }

    @Override
    public void close() {
        stopQuietly(registry, server, connector);
        LOG.log(System.Logger.Level.INFO, "JMX connector at {0} stopped", address);
    }

    private static void stopQuietly(Registry registry, RMIJRMPServerImpl server, JMXConnectorServer connector) {
        if (registry != null) {
            try {
                registry.unbind(BINDING);
            } catch (IOException | NotBoundException e) {
                // Not bound yet, or gone already.
            }
        }
        if (connector != null) {
            try {
                connector.stop(); // closes every client connection and unexports the server
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "stopping the JMX connector: " + e.getMessage());
            }
        } else if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // Never exported.
            }
        }
        if (registry != null) {
            try {
                UnicastRemoteObject.unexportObject(registry, true);
            } catch (NoSuchObjectException e) {
                // Already unexported.
            }
        }
    }

    /** RMI wraps a bind failure in an ExportException whose message spans lines: say what the root says. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof java.net.BindException ? "the port is in use (" + root.getMessage() + ")"
            : String.valueOf(root.getMessage());
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown JMX host '" + host + "': give an address of this host, or"
                + " leave --jmx-host out for loopback");
        }
    }

    private static String hostForUrl(InetAddress bind) {
        String host = bind.isAnyLocalAddress() ? System.getProperty("java.rmi.server.hostname", "localhost")
            : bind.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
