package io.spore.transport.naming;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.spore.transport.naming.NameServiceProtocol.BUSY;
import static io.spore.transport.naming.NameServiceProtocol.FORBIDDEN;
import static io.spore.transport.naming.NameServiceProtocol.LIMIT;
import static io.spore.transport.naming.NameServiceProtocol.LOOKUP;
import static io.spore.transport.naming.NameServiceProtocol.MALFORMED;
import static io.spore.transport.naming.NameServiceProtocol.NAMES;
import static io.spore.transport.naming.NameServiceProtocol.OK;
import static io.spore.transport.naming.NameServiceProtocol.PORT;
import static io.spore.transport.naming.NameServiceProtocol.REGISTER;
import static io.spore.transport.naming.NameServiceProtocol.TAKEN;
import static io.spore.transport.naming.NameServiceProtocol.TOO_LONG;
import static io.spore.transport.naming.NameServiceProtocol.TOO_MANY_ERRORS;
import static io.spore.transport.naming.NameServiceProtocol.UNKNOWN;
import static io.spore.transport.naming.NameServiceProtocol.UNREGISTER;
import static io.spore.transport.naming.NameServiceProtocol.error;

/**
 * The per-host registry of node names and their UDP ports, in the manner of Erlang's epmd, served on a well-known
 * TCP port by whichever node of the host bound that port first (see {@link Registrar}).
 *
 * <p>A name registered with {@code REGISTER} belongs to the connection that registered it and goes away when that
 * connection closes, so a node that dies leaves no stale entry. Registering is accepted only from this host;
 * {@code LOOKUP} and {@code NAMES} from anywhere, so that remote nodes resolve {@code name@host}. The line protocol is
 * described in this package's documentation.
 *
 * <p>Bad input never harms the server: a malformed or unknown request gets an {@code ERR} line; a line longer than
 * the bound, or too many errors on one connection, closes that connection; past the connection limit a newcomer
 * is told {@code busy} and closed; a connection that holds no registration is closed after being idle a while.
 * Each connection has its own thread, so a slow or flooding client delays only itself.
 *
 * <p>Threading: an acceptor thread and one thread per connection, all daemons. Public methods are thread-safe;
 * {@link #close()} is idempotent and closes every connection, which is how the other nodes notice the server left.
 */
public final class NameServer implements AutoCloseable {
    /** Connections served at once; past this, newcomers are refused. */
    static final int MAX_CONNECTIONS = 256;
    /** Names one connection may hold (a node registers one): a local flooder cannot grow the registry. */
    static final int MAX_NAMES_PER_CONNECTION = 4;
    /** Errors one connection may cause before it is closed. */
    static final int MAX_ERRORS = 8;
    /** A connection that holds no registration and sends nothing for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(NameServer.class.getName());

    private final ServerSocket listener;
    private final ConcurrentHashMap<String, Registration> names = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Registration(int port, Connection owner) {
    }

    private NameServer(ServerSocket listener) {
        this.listener = listener;
        Thread acceptor = new Thread(this::acceptLoop, "spore-name-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Binds the well-known port and starts serving, unless another process or node already serves it.
     *
     * @param bindAddress the address to listen on ({@code 0.0.0.0} for every interface)
     * @param port        the well-known port
     * @return the running server, or {@code null} when the port is taken (another node serves, or races to)
     * @throws IOException when the address cannot be used for another reason
     */
    public static NameServer tryServe(String bindAddress, int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            // Connections of a server that just left linger in TIME_WAIT on this port; they must not block takeover.
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 64);
        } catch (BindException e) {
            listener.close();
            return null;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "name service listening on " + bindAddress + ":" + port);
        return new NameServer(listener);
    }

    /** @return the TCP port served */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return a snapshot of the registered names and their UDP ports, sorted by name */
    public Map<String, Integer> names() {
        Map<String, Integer> snapshot = new TreeMap<>();
        names.forEach((name, registration) -> snapshot.put(name, registration.port()));
        return snapshot;
    }

    /** @return whether the server stopped (closed, or its listener failed) */
    boolean isClosed() {
        return closed.get();
    }

    /** Stops serving and closes every connection, so that registered nodes notice and one takes over. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(listener);
        for (Connection connection : connections) {
            closeQuietly(connection.socket);
        }
        names.clear();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.log(System.Logger.Level.WARNING, "name service stopped accepting on port " + port(), e);
                    close();
                }
                return;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                refuseBusy(socket);
                continue;
            }
            Connection connection = new Connection(socket);
            connections.add(connection);
            if (closed.get()) { // close() may have run between accept and add: it did not see this one
                connection.end();
                return;
            }
            Thread thread = new Thread(connection::serve,
                "spore-name-server-" + port() + "-conn-" + nextConnection.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void refuseBusy(Socket socket) {
        try (socket) {
            NameServiceProtocol.writeLine(socket.getOutputStream(),
                error(BUSY, "the name service serves " + MAX_CONNECTIONS + " connections already; try again later"));
        } catch (IOException ignored) {
            // the refused client went away first: nothing to tell
        }
    }

    /** One client connection: reads requests, answers each with one line, and owns what it registered. */
    private final class Connection {
        private final Socket socket;
        private final boolean local;
        private int errors;

        Connection(Socket socket) {
            this.socket = socket;
            // Registering is for nodes of this host: a loopback peer, or one that connected to our own address.
            this.local = socket.getInetAddress().isLoopbackAddress()
                || socket.getInetAddress().equals(socket.getLocalAddress());
        }

        void serve() {
            try {
                socket.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
                socket.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (!closed.get()) {
                    String line;
                    try {
                        line = NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REQUEST_LENGTH);
                    } catch (NameServiceProtocol.LineTooLongException e) {
                        closeWith(in, out, error(TOO_LONG, "requests are at most "
                            + NameServiceProtocol.MAX_REQUEST_LENGTH + " bytes; closing"));
                        return;
                    }
                    if (line == null) {
                        return;
                    }
                    String reply = handle(line);
                    // Unknown names are an answer, not abuse: only requests that break the protocol count.
                    boolean bad = reply.startsWith(error(MALFORMED, "")) || reply.startsWith(error(FORBIDDEN, ""));
                    if (bad && ++errors >= MAX_ERRORS) {
                        closeWith(in, out, error(TOO_MANY_ERRORS, errors + " bad requests; closing"));
                        return;
                    }
                    NameServiceProtocol.writeLine(out, reply);
                    // A registered node keeps its connection open for as long as it lives: no idle limit then.
                    socket.setSoTimeout(namesHeld() > 0 ? 0 : (int) IDLE_TIMEOUT.toMillis());
                }
            } catch (SocketTimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing idle name service connection from "
                    + socket.getRemoteSocketAddress());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "name service connection from "
                    + socket.getRemoteSocketAddress() + " failed: " + e.getMessage());
            } finally {
                end();
            }
        }

        /**
         * Sends a last line and closes gently: closing with unread input makes TCP reset the connection, and a reset
         * can destroy the line before the client reads it. So skip what the client already sent, within bounds.
         */
        private void closeWith(InputStream in, OutputStream out, String lastLine) throws IOException {
            NameServiceProtocol.writeLine(out, lastLine);
            socket.shutdownOutput();
            socket.setSoTimeout(200);
            long skipped = 0;
            try {
                while (skipped < 64 * 1024 && in.read() >= 0) {
                    skipped++;
                }
            } catch (IOException gaveUp) {
                // timed out or reset: close now, come what may
            }
        }

        String handle(String line) {
            String[] words = line.trim().split(" +");
            switch (words[0]) {
                case REGISTER:
                    return words.length == 3 ? register(words[1], words[2])
                        : error(MALFORMED, "expected REGISTER name port");
                case UNREGISTER:
                    return words.length == 2 ? unregister(words[1]) : error(MALFORMED, "expected UNREGISTER name");
                case LOOKUP:
                    return words.length == 2 ? lookup(words[1]) : error(MALFORMED, "expected LOOKUP name");
                case NAMES:
                    return words.length == 1 ? listNames() : error(MALFORMED, "expected NAMES");
                default:
                    return error(MALFORMED, "unknown request; expected REGISTER, UNREGISTER, LOOKUP or NAMES");
            }
        }

        private String register(String name, String portText) {
            if (!local) {
                return error(FORBIDDEN, "only nodes of this host may register");
            }
            int port = NameServiceProtocol.parsePort(portText);
            if (!NameServiceProtocol.isValidName(name) || port < 0) {
                return error(MALFORMED, "expected a name of 1 to 64 letters, digits, _ or - and a port from 1 to"
                    + " 65535");
            }
            if (namesHeld() >= MAX_NAMES_PER_CONNECTION && !holds(name)) {
                return error(LIMIT, "a connection may hold at most " + MAX_NAMES_PER_CONNECTION + " names");
            }
            Registration mine = new Registration(port, this);
            Registration now = names.compute(name,
                (key, held) -> held == null || held.owner() == this ? mine : held);
            if (now != mine) {
                return error(TAKEN, name + " is registered by another live node (UDP port " + now.port() + ")");
            }
            return OK;
        }

        private String unregister(String name) {
            Registration held = names.get(name);
            if (held == null || held.owner() != this) {
                return error(UNKNOWN, name + " is not registered by this connection");
            }
            names.remove(name, held);
            return OK;
        }

        private String lookup(String name) {
            Registration held = names.get(name);
            return held == null ? error(UNKNOWN, "no node named " + name + " on this host")
                : PORT + " " + held.port();
        }

        private String listNames() {
            StringBuilder reply = new StringBuilder(NAMES);
            names().forEach((name, port) -> reply.append(' ').append(name).append('=').append(port));
            return reply.toString();
        }

        private long namesHeld() {
            return names.values().stream().filter(registration -> registration.owner() == this).count();
        }

        private boolean holds(String name) {
            Registration held = names.get(name);
            return held != null && held.owner() == this;
        }

        /** Forgets this connection and every name it registered. */
        void end() {
            connections.remove(this);
            names.values().removeIf(registration -> registration.owner() == this);
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing on the way out: nothing left to do about it
        }
    }

    @Override
    public String toString() {
        return "NameServer[port " + port() + ", " + names.size() + " names]";
    }
}
