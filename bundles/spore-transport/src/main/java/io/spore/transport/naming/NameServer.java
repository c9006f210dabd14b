package io.spore.transport.naming;

import io.spore.api.host.LocalPeers;
import io.spore.transport.security.Cookie;
import org.agrona.CloseHelper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.spore.transport.naming.NameServiceProtocol.BUSY;
import static io.spore.transport.naming.NameServiceProtocol.DENIED;
import static io.spore.transport.naming.NameServiceProtocol.FORBIDDEN;
import static io.spore.transport.naming.NameServiceProtocol.HELLO;
import static io.spore.transport.naming.NameServiceProtocol.LIMIT;
import static io.spore.transport.naming.NameServiceProtocol.LOOKUP;
import static io.spore.transport.naming.NameServiceProtocol.MALFORMED;
import static io.spore.transport.naming.NameServiceProtocol.NAMES;
import static io.spore.transport.naming.NameServiceProtocol.OK;
import static io.spore.transport.naming.NameServiceProtocol.OWNED;
import static io.spore.transport.naming.NameServiceProtocol.PORT;
import static io.spore.transport.naming.NameServiceProtocol.REGISTER;
import static io.spore.transport.naming.NameServiceProtocol.SLOW;
import static io.spore.transport.naming.NameServiceProtocol.TAKEN;
import static io.spore.transport.naming.NameServiceProtocol.TOO_LONG;
import static io.spore.transport.naming.NameServiceProtocol.TOO_MANY_ERRORS;
import static io.spore.transport.naming.NameServiceProtocol.UNAUTHENTICATED;
import static io.spore.transport.naming.NameServiceProtocol.UNKNOWN;
import static io.spore.transport.naming.NameServiceProtocol.UNREGISTER;
import static io.spore.transport.naming.NameServiceProtocol.error;

/**
 * The per-host registry of node names and their UDP ports, in the manner of Erlang's epmd, served on a well-known
 * TCP port by whichever node of the host bound that port first (see {@link Registrar}).
 *
 * <p>Every connection first proves the cluster's cookie, and the server proves it back ({@link NameServiceProtocol}
 * describes the lines); every answer then carries a MAC. A name registered with {@code REGISTER} belongs to the
 * connection that registered it and goes away when that connection closes, so a node that dies leaves no stale
 * entry. It also belongs to the Unix user that owns the connecting socket (read from the kernel's socket tables,
 * {@link LocalPeers}): another user cannot take it while it is held, nor for a while after ({@link NameReservations}).
 * Registering is accepted only from this host; {@code LOOKUP} and {@code NAMES} from anywhere the bind address lets
 * in.
 *
 * <p>Bad input never harms the server: a malformed or unknown request gets an {@code ERR} line; a line longer than the
 * bound, a line not finished in time, or too many errors on one connection, closes that connection. Connection slots
 * are bounded in all, from other hosts, per source and per user ({@link NameServiceSlots}); past a bound a newcomer is
 * told {@code busy} and closed. A connection that holds no name must finish each line within {@link #IDLE_TIMEOUT} of
 * the previous answer, so one that sends nothing, or trickles bytes, is closed. Each connection has its own thread, so
 * a slow or flooding client delays only itself.
 *
 * <p>Threading: an acceptor thread and one thread per connection, all daemons. Public methods are thread-safe;
 * {@link #close()} is idempotent and closes every connection, which is how the other nodes notice the server left.
 */
public final class NameServer implements AutoCloseable {
    /** Names one connection may hold (a node registers one): a local flooder cannot grow the registry. */
    static final int MAX_NAMES_PER_CONNECTION = 4;
    /** Errors one connection may cause before it is closed. */
    static final int MAX_ERRORS = 8;
    /** A connection that holds no name is closed when its next line has not ended this long after the last answer. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** A line of a connection that holds a name must end this long after its first byte. */
    static final Duration LINE_TIMEOUT = Duration.ofSeconds(10);
    /** The uid of every connection where the kernel's socket tables cannot be read: names are not per user then. */
    static final int ANY_USER = NameServiceSlots.ANY_USER;

    private static final System.Logger LOG = System.getLogger(NameServer.class.getName());

    private final ServerSocket listener;
    private final Cookie cookie;
    private final LocalPeers peers;
    private final ConcurrentHashMap<String, Registration> names = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guards changes to {@link #names} and the reservations, which must agree. */
    private final Object registry = new Object();
    private final NameReservations reservations = new NameReservations();
    private final NameServiceSlots slots = new NameServiceSlots();

    private record Registration(int port, Connection owner, int uid) {
    }

    private NameServer(ServerSocket listener, Cookie cookie) {
        this.listener = listener;
        this.cookie = cookie;
        this.peers = LocalPeers.system();
        if (peers == null) {
            LOG.log(System.Logger.Level.WARNING, "this host has no /proc/net/tcp to tell which user owns a"
                + " connection: the name service cannot keep one user's node names from another's");
        }
        Thread acceptor = new Thread(this::acceptLoop, "spore-name-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Binds the well-known port and starts serving, unless another process or node already serves it.
     *
     * @param bindAddress the address to listen on: loopback for this host only, {@code 0.0.0.0} for every interface
     * @param port        the well-known port
     * @param cookie      the cluster's cookie, which every client must prove and which the server proves back
     * @return the running server, or {@code null} when the port is taken (another node serves, or races to)
     * @throws IOException when the address cannot be used for another reason
     */
    public static NameServer tryServe(String bindAddress, int port, Cookie cookie) throws IOException {
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
        return new NameServer(listener, cookie);
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

    /** @return how many connections are open */
    int connectionCount() {
        return connections.size();
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
        CloseHelper.quietClose(listener);
        for (Connection connection : connections) {
            CloseHelper.quietClose(connection.socket);
        }
        synchronized (registry) {
            names.clear();
            reservations.clear();
        }
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
            Connection connection = new Connection(socket);
            if (connection.local) {
                connection.findUid(); // a source of this host is counted per user: one user cannot crowd out another
            }
            connection.slot = new NameServiceSlots.Slot(connection.source, connection.local, connection.uid);
            String refusal = slots.admit(connection.slot);
            if (refusal != null) {
                refuse(socket, refusal);
                continue;
            }
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

    private static void refuse(Socket socket, String why) {
        LOG.log(System.Logger.Level.DEBUG, () -> "name service refused " + socket.getRemoteSocketAddress() + ": "
            + why);
        try (socket) {
            NameServiceProtocol.writeLine(socket.getOutputStream(), error(BUSY, why));
        } catch (IOException ignored) {
            // the refused client went away first: nothing to tell
        }
    }

    /** One client connection: proves the cookie, reads requests, answers each with one line, owns its names. */
    private final class Connection {
        private final Socket socket;
        private final InetAddress source;
        private final boolean local;
        private final byte[] serverNonce = NameServiceProtocol.newNonce();
        /** Set on admission, from what was known of the peer then: its place in the slot counts. */
        private NameServiceSlots.Slot slot;
        private byte[] clientNonce; // set once the client proved the cookie
        private int replies;
        private int errors;
        private Integer uid; // the owner of the peer's socket, found on accepting or at the first REGISTER

        Connection(Socket socket) {
            this.socket = socket;
            this.source = socket.getInetAddress();
            // Registering is for nodes of this host: a loopback peer, or one that connected to our own address.
            this.local = source.isLoopbackAddress() || source.equals(socket.getLocalAddress());
        }

        void serve() {
            try {
                socket.setTcpNoDelay(true);
                BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                NameServiceProtocol.writeLine(out, NameServiceProtocol.GREETING + " " + NameServiceProtocol.VERSION
                    + " " + NameServiceProtocol.hex(serverNonce));
                long idleSinceNs = System.nanoTime();
                while (!closed.get()) {
                    long deadlineNs;
                    if (namesHeld() > 0) {
                        // A registered node keeps its connection open for as long as it lives: wait for the next
                        // line however long, then give it a bounded time to end.
                        socket.setSoTimeout(0);
                        in.mark(1);
                        if (in.read() < 0) {
                            return;
                        }
                        in.reset();
                        deadlineNs = System.nanoTime() + LINE_TIMEOUT.toNanos();
                    } else {
                        deadlineNs = idleSinceNs + IDLE_TIMEOUT.toNanos();
                    }
                    String line;
                    try {
                        line = NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REQUEST_LENGTH, socket,
                            deadlineNs);
                    } catch (NameServiceProtocol.LineTooLongException e) {
                        closeWith(in, out, "", error(TOO_LONG, "requests are at most "
                            + NameServiceProtocol.MAX_REQUEST_LENGTH + " bytes; closing"));
                        return;
                    } catch (NameServiceProtocol.TooSlowException e) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "closing name service connection from "
                            + socket.getRemoteSocketAddress() + ": " + e.getMessage());
                        closeWith(in, out, "", error(SLOW, e.getMessage() + "; closing"));
                        return;
                    }
                    if (line == null) {
                        return;
                    }
                    if (clientNonce == null) {
                        String refusal = hello(line);
                        if (refusal != null) {
                            closeWith(in, out, line, refusal);
                            return;
                        }
                        NameServiceProtocol.writeLine(out, NameServiceProtocol.WELCOME + " "
                            + NameServiceProtocol.serverProof(cookie, serverNonce, clientNonce));
                        idleSinceNs = System.nanoTime();
                        continue;
                    }
                    String reply = handle(line);
                    // Unknown names are an answer, not abuse: only requests that break the protocol count.
                    boolean bad = reply.startsWith(error(MALFORMED, "")) || reply.startsWith(error(FORBIDDEN, ""));
                    if (bad && ++errors >= MAX_ERRORS) {
                        closeWith(in, out, line, error(TOO_MANY_ERRORS, errors + " bad requests; closing"));
                        return;
                    }
                    NameServiceProtocol.writeLine(out, signed(line, reply));
                    idleSinceNs = System.nanoTime();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "name service connection from "
                    + socket.getRemoteSocketAddress() + " failed: " + e.getMessage());
            } finally {
                end();
            }
        }

        /** @return the refusal of a client that did not prove the cookie, or {@code null} once it has */
        private String hello(String line) {
            String[] words = line.trim().split(" +");
            if (!words[0].equals(HELLO)) {
                return error(UNAUTHENTICATED, "prove the cookie first (HELLO nonce proof); closing");
            }
            byte[] nonce = words.length == 3 ? NameServiceProtocol.unhex(words[1], NameServiceProtocol.NONCE_LENGTH)
                : null;
            if (nonce == null) {
                return error(MALFORMED, "expected HELLO with a 64-digit hex nonce and proof; closing");
            }
            if (!NameServiceProtocol.sameProof(NameServiceProtocol.clientProof(cookie, serverNonce, nonce),
                    words[2])) {
                LOG.log(System.Logger.Level.DEBUG, () -> "name service refused " + socket.getRemoteSocketAddress()
                    + ": wrong cookie");
                return error(DENIED, "wrong cookie: this name service serves nodes with another cookie; closing");
            }
            clientNonce = nonce;
            return null;
        }

        /** @return {@code reply} with its MAC, once the client proved the cookie; as it is before */
        private String signed(String request, String reply) {
            if (clientNonce == null) {
                return reply;
            }
            return reply + " " + NameServiceProtocol.replyMac(cookie, serverNonce, clientNonce, replies++, request,
                reply);
        }

        /**
         * Sends a last line and closes gently: closing with unread input makes TCP reset the connection, and a reset
         * can destroy the line before the client reads it. So skip what the client already sent, within bounds.
         */
        private void closeWith(InputStream in, OutputStream out, String request, String lastLine) throws IOException {
            NameServiceProtocol.writeLine(out, signed(request, lastLine));
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
            String unknownUser = findUid();
            if (unknownUser != null) {
                return error(FORBIDDEN, unknownUser);
            }
            if (namesHeld() >= MAX_NAMES_PER_CONNECTION && !holds(name)) {
                return error(LIMIT, "a connection may hold at most " + MAX_NAMES_PER_CONNECTION + " names");
            }
            synchronized (registry) {
                Registration held = names.get(name);
                if (held != null && held.owner() != this) {
                    return held.uid() != uid
                        ? error(OWNED, name + " is registered by a node of another user of this host (uid "
                            + held.uid() + "); choose another name")
                        : error(TAKEN, name + " is registered by another live node (UDP port " + held.port() + ")");
                }
                int keptFor = reservations.heldAgainst(name, uid, System.nanoTime());
                if (keptFor >= 0) {
                    return error(OWNED, name + " belongs to another user of this host (uid " + keptFor + "), whose"
                        + " node left moments ago; choose another name, or wait "
                        + NameReservations.RESERVATION.toSeconds() + " s");
                }
                reservations.release(name);
                names.put(name, new Registration(port, this, uid));
            }
            slots.holdsNames(slot, true);
            return OK;
        }

        /** @return why this connection's user cannot be told, or {@code null} once {@link #uid} is known */
        String findUid() {
            if (uid != null) {
                return null;
            }
            if (peers == null) {
                uid = ANY_USER;
                return null;
            }
            try {
                OptionalInt owner = peers.ownerOf((InetSocketAddress) socket.getRemoteSocketAddress(),
                    (InetSocketAddress) socket.getLocalSocketAddress());
                if (owner.isPresent()) {
                    uid = owner.getAsInt();
                    return null;
                }
                return "cannot tell which user of this host owns this connection: the kernel does not list it";
            } catch (IOException e) {
                return "cannot tell which user of this host owns this connection: " + e.getMessage();
            }
        }

        private String unregister(String name) {
            synchronized (registry) {
                Registration held = names.get(name);
                if (held == null || held.owner() != this) {
                    return error(UNKNOWN, name + " is not registered by this connection");
                }
                names.remove(name, held);
            }
            if (namesHeld() == 0) {
                slots.holdsNames(slot, false);
            }
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

        /** Forgets this connection and every name it registered, which stay reserved for its user a while. */
        void end() {
            if (!connections.remove(this)) {
                CloseHelper.quietClose(socket);
                return; // ended already
            }
            slots.release(slot);
            synchronized (registry) {
                long nowNs = System.nanoTime();
                for (Iterator<Map.Entry<String, Registration>> i = names.entrySet().iterator(); i.hasNext(); ) {
                    Map.Entry<String, Registration> entry = i.next();
                    if (entry.getValue().owner() == this) {
                        i.remove();
                        if (entry.getValue().uid() != ANY_USER && !closed.get()) {
                            reservations.reserve(entry.getKey(), entry.getValue().uid(), nowNs);
                        }
                    }
                }
            }
            CloseHelper.quietClose(socket);
        }
    }

    @Override
    public String toString() {
        return "NameServer[port " + port() + ", " + names.size() + " names]";
    }
}
