package io.spore.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The launch daemon ({@code spore launch serve}): runs labelled programs for one user, on one host, and tells
 * subscribers how they end.
 *
 * <p>It listens on a Unix domain socket in a folder of mode 0700 ({@link LaunchSocket}); the socket itself is made
 * mode 0600, and every connection's peer credentials are checked, so a process of another user is refused even if
 * the permissions were loosened. A connection carries one {@link Request} line and gets one {@link Reply} line.
 *
 * <p>The daemon survives its programs: their output goes to a bounded ring each, their ends are events, and a
 * failure to serve one connection ends only that connection. {@link #close()} (also {@code shutdown}) stops every
 * program (TERM, then KILL after the grace period) and removes the socket. Thread-safe.
 */
public final class LaunchDaemon implements AutoCloseable {
    /** Connections served at once; more are refused with a one-line error until one finishes. */
    static final int MAX_CONNECTIONS = 32;
    /** Beside the socket: the registered subscribers, kept across restarts. */
    static final String SUBSCRIBERS_FILE = "subscribers.json";
    /** A connection that sends no request in this time is closed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Context context;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor handlers;
    private final ProcessTable table;
    private final Subscribers subscribers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread acceptor;

    /**
     * The daemon's settings: fluent setters, then {@link #conclude()}.
     */
    public static final class Context {
        private Path socket;
        private int logBytes = 64 * 1024;
        private Duration grace = Duration.ofSeconds(5);
        private PrintStream log = System.out;
        private String host;

        /** @param socket the socket path; {@code null} for {@link LaunchSocket#defaultPath()} */
        public Context socket(Path socket) {
            this.socket = socket;
            return this;
        }

        /** @param logBytes how much of each program's latest output to keep (default 64 KiB) */
        public Context logBytes(int logBytes) {
            this.logBytes = logBytes;
            return this;
        }

        /** @param grace time between TERM and KILL when stopping (default 5 s) */
        public Context grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        /** @param log where the daemon writes one line per event (programs started and ended) */
        public Context log(PrintStream log) {
            this.log = log;
            return this;
        }

        /** @return the socket path */
        public Path socket() {
            return socket;
        }

        /**
         * Fills defaults and validates.
         *
         * @return this
         * @throws LaunchException when a setting is out of range
         */
        public Context conclude() {
            if (socket == null) {
                socket = LaunchSocket.defaultPath();
            }
            socket = socket.toAbsolutePath();
            if (logBytes < 1024 || logBytes > 64 * 1024 * 1024) {
                throw new LaunchException("the log size must be from 1 KiB to 64 MiB, not " + logBytes + " bytes");
            }
            if (grace.isNegative()) {
                throw new LaunchException("the grace period cannot be negative");
            }
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            return this;
        }
    }

    private LaunchDaemon(Context context, ServerSocketChannel server, UserPrincipal owner) {
        this.context = context;
        this.server = server;
        this.owner = owner;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "launch-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.handlers = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            runnable -> {
                Thread thread = new Thread(runnable, "launch-connection");
                thread.setDaemon(true);
                return thread;
            });
        this.table = new ProcessTable(context.logBytes, context.host, this::ended, timer);
        this.subscribers = new Subscribers(context.socket().resolveSibling(SUBSCRIBERS_FILE));
        this.acceptor = new Thread(this::acceptLoop, "launch-accept");
    }

    /**
     * Binds the socket and starts serving.
     *
     * @return the running daemon
     * @throws LaunchException when another daemon serves the socket, or the folder or socket cannot be made safe
     */
    public static LaunchDaemon start(Context context) {
        context.conclude();
        Path socket = context.socket();
        LaunchSocket.prepareFolder(socket);
        if (Files.exists(socket)) {
            if (LaunchClient.isServing(socket)) {
                throw new LaunchException("a launcher already serves " + socket
                    + ": use it, or stop it with 'spore launch shutdown'");
            }
            try {
                // Left by a daemon that was killed: nobody answers on it.
                Files.delete(socket);
            } catch (IOException e) {
                throw new LaunchException("cannot remove the stale socket " + socket + ": " + e);
            }
        }
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            // The folder is 0700, so nobody else could reach the socket before it got its own mode.
            Files.setPosixFilePermissions(socket, LaunchSocket.OWNER_ONLY_FILE);
            UserPrincipal owner = Files.getOwner(socket);
            LaunchDaemon daemon = new LaunchDaemon(context, server, owner);
            int restored = daemon.subscribers.restore(context.log::println);
            if (restored > 0) {
                context.log.println("launcher: notifying " + restored + " subscriber(s) registered before a restart");
            }
            daemon.acceptor.start();
            return daemon;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // Only a leftover file; the next start removes it as stale.
            }
            if (e instanceof LaunchException launch) {
                throw launch;
            }
            throw new LaunchException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    /** @return the socket this daemon listens on */
    public Path socket() {
        return context.socket();
    }

    /** Blocks until the daemon has shut down (by {@code shutdown} or {@link #close()}). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    private void acceptLoop() {
        while (!closing.get()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                context.log.println("launcher: accepting a connection failed: " + e.getMessage());
                continue;
            }
            try {
                handlers.execute(() -> serve(channel));
            } catch (RejectedExecutionException e) {
                answerAndClose(channel, Reply.failed("the launcher is serving " + MAX_CONNECTIONS
                    + " connections already: try again in a moment"));
            }
        }
    }

    private void serve(SocketChannel channel) {
        ScheduledFuture<?> guard = timer.schedule(() -> closeQuietly(channel), REQUEST_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
        try (channel) {
            UserPrincipal peer = PeerCredentials.userOf(channel);
            Writer out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
            // The request is read before a refusal too, so the client is not cut off in mid-write and reads why.
            String line = Json.readLine(in);
            guard.cancel(false);
            if (!owner.equals(peer)) {
                context.log.println("launcher: refused a connection from user " + peer.getName());
                Json.writeLine(out, Reply.failed("refused: this launcher serves only user " + owner.getName()
                    + ", and you are " + peer.getName() + "; start your own with 'spore launch serve'"));
                return;
            }
            if (line == null) {
                return;
            }
            Reply reply;
            Request request = null;
            try {
                request = Json.read(line, Request.class);
                reply = handle(request);
            } catch (LaunchException e) {
                reply = Reply.failed(e.getMessage());
            } catch (RuntimeException e) {
                reply = Reply.failed("the launcher failed to handle the request: " + e);
            }
            Json.writeLine(out, reply);
            if (request != null && "shutdown".equals(request.op()) && reply.ok()) {
                close();
            }
        } catch (IOException e) {
            // The client went away or sent an over-long line; that connection alone ends.
        } finally {
            guard.cancel(false);
        }
    }

    private Reply handle(Request request) {
        String op = request.op() == null ? "" : request.op();
        Duration grace = request.graceMs() == null ? context.grace : Duration.ofMillis(request.graceMs());
        return switch (op) {
            case "submit" -> logged(Reply.done(table.submit(request.programs())));
            case "list" -> new Reply(true, null, null, table.list(), null, null);
            case "stop" -> logged(Reply.done(table.stop(request.labels(), grace)));
            case "logs" -> new Reply(true, null, null, null,
                table.logs(request.labels() == null || request.labels().isEmpty() ? null : request.labels().get(0)),
                null);
            case "shutdown" -> logged(Reply.done(table.stopEverything(grace) + "\nlauncher on " + context.socket()
                + " shut down"));
            case "subscribe" -> logged(Reply.done(subscribers.subscribe(request.address(), request.filter(),
                secretOf(request))));
            case "unsubscribe" -> logged(Reply.done(subscribers.unsubscribe(request.address())));
            case "subscribers" -> new Reply(true, null, null, null, null, subscribers.list());
            default -> Reply.failed("unknown operation '" + op + "': expected submit, list, stop, logs, shutdown,"
                + " subscribe, unsubscribe or subscribers");
        };
    }

    private static SubscriberSecret secretOf(Request request) {
        if (request.secret() == null) {
            throw new LaunchException("a subscription needs the subscriber's key, so that it can tell notices from"
                + " this launcher from forgeries: subscribe with 'spore launch subscribe' of this version");
        }
        return SubscriberSecret.decode(request.secret());
    }

    private Reply logged(Reply reply) {
        context.log.println(reply.message());
        return reply;
    }

    private void ended(ProcessEnd end) {
        context.log.println("ended: " + end.describe());
        subscribers.publish(end);
    }

    private static void answerAndClose(SocketChannel channel, Reply reply) {
        try (channel) {
            Json.writeLine(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), reply);
        } catch (IOException e) {
            // The client is gone; it would only have read the refusal.
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort here.
        }
    }

    /**
     * Stops every program (TERM, KILL after the grace period), gives subscribers a moment to hear of it, closes the
     * socket and removes its file. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(server);
        try {
            Files.deleteIfExists(context.socket());
        } catch (IOException e) {
            context.log.println("launcher: could not remove " + context.socket() + ": " + e.getMessage());
        }
        table.stopEverything(context.grace);
        awaitSubscribersDrained(Duration.ofSeconds(2));
        subscribers.close();
        handlers.shutdown();
        timer.shutdownNow();
        stopped.countDown();
    }

    private void awaitSubscribersDrained(Duration timeout) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadlineNs < 0
            && subscribers.list().stream().anyMatch(s -> s.pending() > 0 && s.connected())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
