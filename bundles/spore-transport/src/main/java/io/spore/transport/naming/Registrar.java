package io.spore.transport.naming;

import io.spore.api.SporeException;
import io.spore.transport.security.Cookie;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's membership in its host's name service: keeps {@code name → UDP port} registered for as long as the
 * node lives, and serves the registry itself when no node of the host does.
 *
 * <p>How: a background thread connects to the well-known port on this host, proves the cookie, checks that the
 * server proves it back, and sends {@code REGISTER}; the open connection is the registration (the server forgets the
 * name when it closes). When nothing listens there, the thread binds the port itself and starts a
 * {@link NameServer}, then registers with it like everyone else. When the serving node leaves, every other node's
 * connection closes; each then tries to bind the port, the race to bind decides which one serves next, and all
 * register again with the winner. Retries wait a short random while, so the winner is listening by then and the
 * losers do not retry in step.
 *
 * <p>A server that does not prove the cookie (a program that took the port without it), or that refuses ours (it
 * serves a cluster with another cookie), is never registered with nor believed: the node says so at WARN, runs
 * unregistered (reachable through static routes only) and tries again every {@link #UNPROVEN_RETRY_MS} ms, so it
 * registers, or serves, once the port is free or the cookie right.
 *
 * <p>Threading: one daemon thread per registrar. Public methods are thread-safe; {@link #close()} is idempotent,
 * and closing the serving node's registrar stops its server, which is how the others learn it left.
 */
public final class Registrar implements AutoCloseable {
    /** Shortest pause before trying again after a lost race or a lost connection. */
    static final long RETRY_MIN_MS = 10;
    /** Longest such pause. */
    static final long RETRY_MAX_MS = 100;
    /** Pause before registering again when another live node holds our name. */
    static final long TAKEN_RETRY_MS = 1000;
    /** Pause before trying again a name service that does not share our cookie. */
    static final long UNPROVEN_RETRY_MS = 2000;

    private static final System.Logger LOG = System.getLogger(Registrar.class.getName());

    private final NameServiceConfig config;
    private final Cookie cookie;
    private final String name;
    private final Thread thread;
    private final Object lock = new Object();
    private volatile int udpPort;
    private volatile boolean closed;
    private volatile NameServer server;
    private volatile String lastProblem = "no answer yet";
    // Guarded by lock: the current connection and its session, requests awaiting their reply (the server answers in
    // order), the number of successful registrations, why registering can never succeed, and why the name service
    // at the port is not to be trusted (null while it is).
    private Socket socket;
    private OutputStream out;
    private ClientSession session;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean registered;
    private long registrations;
    private SporeException fatal;
    private String unproven;

    /** A request sent and the future of its reply; the reply's MAC covers the request. */
    private record Pending(String request, CompletableFuture<String> reply) {
    }

    private Registrar(NameServiceConfig config, Cookie cookie, String name, int udpPort) {
        this.config = config;
        this.cookie = cookie;
        this.name = name;
        this.udpPort = udpPort;
        this.thread = new Thread(this::run, "spore-registrar-" + name);
        thread.setDaemon(true);
    }

    /**
     * Registers {@code name} with the host's name service, serving it if no node does, and keeps it registered
     * until {@link #close()}.
     *
     * @param config  where the name service is
     * @param cookie  the cluster's cookie, proven to the name service and expected from it
     * @param name    this node's name, the part before {@code @}
     * @param udpPort this node's UDP port, where other nodes reach it
     * @return the registrar, registered; or, when the name service at the port does not share the cookie, not
     *         registered and trying again in the background ({@link #isRegistered()} is false, a WARN says why)
     * @throws SporeException {@code INVALID_NAME} when the name is invalid; {@code NAME_TAKEN} when another live node
     *                        of this host has that name, or a node of another user has or just had it;
     *                        {@code INVALID_ARGUMENT} when the port is out of range or registering did not succeed
     *                        within twice the timeout (the message says why)
     */
    public static Registrar start(NameServiceConfig config, Cookie cookie, String name, int udpPort) {
        if (name == null || !NameServiceProtocol.isValidName(name)) {
            throw new SporeException(SporeException.Reason.INVALID_NAME, "invalid node name '" + name
                + "': use 1 to 64 letters, digits, _ or -");
        }
        checkPort(udpPort);
        Registrar registrar = new Registrar(config, cookie, name, udpPort);
        registrar.thread.start();
        try {
            registrar.awaitFirstRegistration();
            return registrar;
        } catch (RuntimeException e) {
            registrar.close();
            throw e;
        }
    }

    private void awaitFirstRegistration() {
        long deadlineNs = System.nanoTime() + config.timeout().multipliedBy(2).toNanos();
        synchronized (lock) {
            while (registrations == 0 && fatal == null && unproven == null) {
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0) {
                    throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "could not register " + name
                        + " with the name service on port " + config.port() + " within "
                        + config.timeout().multipliedBy(2) + " (" + lastProblem + "); is another program using"
                        + " that port? Choose another name service port for every node of the cluster");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, leftNs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                        "interrupted while registering " + name, e);
                }
            }
            if (fatal != null) {
                throw fatal;
            }
        }
    }

    /** @return why the name service at the port is not trusted at the moment, or {@code null} */
    public String unproven() {
        synchronized (lock) {
            return unproven;
        }
    }

    /**
     * Registers this node's name under a new UDP port. When the name service is being taken over at the moment,
     * the new port is registered as soon as it is back.
     *
     * @param newUdpPort the node's new UDP port
     * @throws SporeException {@code INVALID_ARGUMENT} when the port is out of range or the name service refused it;
     *                        {@code NODE_DOWN} when it did not answer within the timeout
     */
    public void register(int newUdpPort) {
        checkPort(newUdpPort);
        udpPort = newUdpPort;
        CompletableFuture<String> reply;
        synchronized (lock) {
            if (out == null || session == null) {
                return; // between connections: the next one registers the new port
            }
            try {
                reply = send(registerLine()).reply();
            } catch (IOException e) {
                return; // the connection is failing: the next one registers the new port
            }
        }
        try {
            String answer = reply.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.equals(NameServiceProtocol.OK)) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the name service refused to"
                    + " register " + name + " at UDP port " + newUdpPort + ": " + answer);
            }
        } catch (TimeoutException e) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "the name service did not confirm the new"
                + " UDP port of " + name + " within " + config.timeout(), e);
        } catch (ExecutionException e) {
            // the connection dropped: the next connection registers the new port
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Looks a node of this host up.
     *
     * @param nodeName the part of the node's name before {@code @}
     * @return its UDP port, or empty when no such node is registered
     * @throws SporeException as {@link NameServiceClient#lookup} does
     */
    public OptionalInt lookup(String nodeName) {
        return NameServiceClient.lookup(config.localAddress(), config.port(), cookie, nodeName, config.timeout());
    }

    /** @return whether this node serves the host's name service at the moment */
    public boolean isServing() {
        return server != null;
    }

    /** @return whether the name is registered over the current connection */
    public boolean isRegistered() {
        synchronized (lock) {
            return registered;
        }
    }

    /** @return how many times the name was registered: once at start, and again after each takeover */
    public long registrations() {
        synchronized (lock) {
            return registrations;
        }
    }

    /** @return this node's name */
    public String name() {
        return name;
    }

    /**
     * Withdraws the name and, if this node serves the registry, stops serving it (the other nodes then take over).
     * Returns once the background thread has ended.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (lock) {
            dropConnection();
            lock.notifyAll();
        }
        thread.interrupt(); // wakes a retry pause; a blocked read ends with its closed socket
        try {
            thread.join(config.timeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NameServer serving = server;
        if (serving != null) {
            server = null;
            serving.close();
            LOG.log(System.Logger.Level.DEBUG, () -> name + " stopped serving the name service");
        }
    }

    private void run() {
        while (!closed) {
            Socket connection = connectOrServe();
            if (connection == null) {
                return;
            }
            long pauseMs = 0;
            try {
                session(connection);
                lastProblem = "the name service closed the connection";
            } catch (ClientSession.ProofException e) {
                lastProblem = "the name service on port " + config.port() + " " + e.getMessage();
                pauseMs = UNPROVEN_RETRY_MS;
                distrust(e);
            } catch (IOException e) {
                lastProblem = e.getMessage();
            } finally {
                synchronized (lock) {
                    dropConnection();
                }
            }
            if (fatal != null) {
                return;
            }
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, () -> name + " lost the name service on port " + config.port()
                    + " (" + lastProblem + "); taking it over or registering again");
                if (pauseMs > 0) {
                    pause(pauseMs, pauseMs);
                } else {
                    pause(RETRY_MIN_MS, RETRY_MAX_MS);
                }
            }
        }
    }

    /** @return a connection to the name service, serving it first if nobody does; {@code null} once closed */
    private Socket connectOrServe() {
        while (!closed) {
            Socket connection = new Socket();
            try {
                connection.connect(new InetSocketAddress(config.localAddress(), config.port()),
                    config.timeoutMillis());
                return connection;
            } catch (ConnectException refused) {
                closeQuietly(connection);
                NameServer serving = server;
                if (serving != null && serving.isClosed()) {
                    server = null; // our own server failed: join the race to serve again
                }
                if (server == null && tryToServe()) {
                    continue; // now connect to our own server, like every other node
                }
                lastProblem = "nothing listens on port " + config.port() + " and binding it failed";
            } catch (IOException e) {
                closeQuietly(connection);
                lastProblem = "connecting to port " + config.port() + " failed: " + e.getMessage();
            }
            pause(RETRY_MIN_MS, RETRY_MAX_MS);
        }
        return null;
    }

    private boolean tryToServe() {
        try {
            NameServer started = NameServer.tryServe(config.bindAddress(), config.port(), cookie);
            if (started == null) {
                return false; // another node won the race to bind
            }
            server = started;
            LOG.log(System.Logger.Level.INFO, () -> name + " now serves the name service on "
                + config.bindAddress() + ":" + config.port());
            return true;
        } catch (IOException e) {
            lastProblem = "cannot serve the name service on " + config.bindAddress() + ":" + config.port() + ": "
                + e.getMessage();
            return false;
        }
    }

    /** Proves the cookie over {@code connection}, registers, and then reads replies until it closes. */
    private void session(Socket connection) throws IOException {
        connection.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(connection.getInputStream());
        synchronized (lock) {
            if (closed) {
                closeQuietly(connection);
                return;
            }
            socket = connection; // so that close() ends a handshake that hangs
        }
        connection.setSoTimeout(config.timeoutMillis());
        ClientSession proven;
        try {
            proven = ClientSession.open(in, connection.getOutputStream(), cookie);
        } catch (SocketTimeoutException e) {
            throw new IOException("the name service on port " + config.port() + " did not prove the cookie within "
                + config.timeout(), e);
        }
        connection.setSoTimeout(0); // registered, the connection stays open and quiet for as long as the node lives
        trust();
        Pending first;
        synchronized (lock) {
            if (closed) {
                return;
            }
            out = connection.getOutputStream();
            session = proven;
            first = send(registerLine());
        }
        while (true) {
            String line = NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REPLY_LENGTH);
            if (line == null) {
                return;
            }
            Pending request;
            synchronized (lock) {
                request = pending.poll();
            }
            if (request == null) {
                throw new IOException("the name service sent '" + ClientSession.shown(line) + "' unasked");
            }
            String reply = proven.verify(request.request(), line);
            request.reply().complete(reply);
            if (request == first) {
                onRegistered(reply);
            }
        }
    }

    /** The name service at the port does not share our cookie: say so once, and let {@link #start} return. */
    private void distrust(ClientSession.ProofException e) {
        boolean news;
        synchronized (lock) {
            news = unproven == null;
            unproven = e.getMessage();
            lock.notifyAll();
        }
        if (news) {
            LOG.log(System.Logger.Level.WARNING, () -> name + " is not registered: the name service on port "
                + config.port() + " of this host " + e.getMessage() + (e.refusedUs()
                ? "; give this node the same cookie file as the other nodes of this host, or another name service"
                + " port for a separate cluster" : "; find and stop that program, or choose another name service"
                + " port for every node of the cluster") + ". Until then other nodes reach it only through static"
                + " routes; trying again every " + UNPROVEN_RETRY_MS + " ms");
        }
    }

    private void trust() {
        boolean was;
        synchronized (lock) {
            was = unproven != null;
            unproven = null;
        }
        if (was) {
            LOG.log(System.Logger.Level.INFO, () -> name + " reached a name service that proves the cookie on port "
                + config.port() + " again");
        }
    }

    private void onRegistered(String reply) throws IOException {
        if (reply.equals(NameServiceProtocol.OK)) {
            synchronized (lock) {
                registered = true;
                registrations++;
                lock.notifyAll();
            }
            LOG.log(System.Logger.Level.DEBUG, () -> name + " registered at UDP port " + udpPort);
            return;
        }
        boolean owned = reply.startsWith(NameServiceProtocol.ERR + " " + NameServiceProtocol.OWNED);
        if (owned || reply.startsWith(NameServiceProtocol.ERR + " " + NameServiceProtocol.TAKEN)) {
            synchronized (lock) {
                if (registrations == 0) {
                    String why = reply.substring(reply.indexOf(' ', 4) + 1);
                    fatal = new SporeException(SporeException.Reason.NAME_TAKEN, owned
                        ? "the name " + name + " belongs to another user of this host (" + why + ")"
                        : "a node named " + name + " already runs on this host (" + why + "): stop it or choose"
                        + " another name");
                    lock.notifyAll();
                    throw new IOException("name taken");
                }
            }
            LOG.log(System.Logger.Level.WARNING, () -> "while the name service changed hands, another node took the"
                + " name " + name + "; trying again in " + TAKEN_RETRY_MS + " ms");
            pause(TAKEN_RETRY_MS, TAKEN_RETRY_MS);
            throw new IOException("name taken by another node");
        }
        throw new IOException("the name service answered '" + reply + "' to REGISTER");
    }

    /** Call with {@code lock} held: writes a request and queues the future of its reply. */
    private Pending send(String line) throws IOException {
        Pending request = new Pending(line, new CompletableFuture<>());
        pending.add(request);
        NameServiceProtocol.writeLine(out, line);
        return request;
    }

    /** Call with {@code lock} held. */
    private void dropConnection() {
        registered = false;
        out = null;
        session = null;
        if (socket != null) {
            closeQuietly(socket);
            socket = null;
        }
        IOException lost = new IOException("the connection to the name service closed");
        for (Pending request = pending.poll(); request != null; request = pending.poll()) {
            request.reply().completeExceptionally(lost);
        }
    }

    private String registerLine() {
        return NameServiceProtocol.REGISTER + " " + name + " " + udpPort;
    }

    private void pause(long minMs, long maxMs) {
        try {
            Thread.sleep(minMs == maxMs ? minMs : ThreadLocalRandom.current().nextLong(minMs, maxMs + 1));
        } catch (InterruptedException e) {
            // close() interrupts to end a pause early; the loop re-checks closed
        }
    }

    private static void checkPort(int udpPort) {
        if (udpPort < 1 || udpPort > 65535) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a registered UDP port must be between"
                + " 1 and 65535, was " + udpPort);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing on the way out: nothing left to do about it
        }
    }

    @Override
    public String toString() {
        return "Registrar[" + name + (isServing() ? ", serving" : "") + ", port " + config.port() + "]";
    }
}
