package io.spore.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The listening side of a subscription ({@code spore launch subscribe --serve}): accepts the launchers that
 * connect to it, reads one signed {@link ProcessEnd} per line, hands it on, and acknowledges it with {@code ok}.
 * Anyone who can reach the port can connect, so nothing is believed unless it proves the secret:
 *
 * <ul>
 *   <li>On each connection the subscriber first sends {@code spore-subscriber 1 NONCE}, 16 fresh random bytes in
 *       hex. Each line the launcher sends is then {@code MAC JSON}, where MAC is the hex HMAC-SHA256, under the
 *       {@link SubscriberSecret}, of {@code NONCE \n SEQ \n JSON} and SEQ counts the lines of this connection from
 *       1. A line captured on one connection is worth nothing on another (another nonce), nor again on the same
 *       one (another number).</li>
 *   <li>A line whose MAC is wrong or missing is dropped and counted, answered {@code error: ...}, and its connection
 *       closed; it is never handed on. A genuine line that is not a notice is answered {@code error: ...} and
 *       counted as malformed.</li>
 *   <li>A line is at most {@value #MAX_LINE_BYTES} bytes, read into a buffer of that size; a longer one closes its
 *       connection and is counted.</li>
 *   <li>At most {@link Context#maxConnections} connections are served at once, one thread each. When all are taken,
 *       the oldest that has not proved the secret yet is closed for the new one (as OpenSSH's {@code MaxStartups}
 *       drops unauthenticated connections first), or, when every one has, the new connection is closed at once. A
 *       connection that sends no valid line within {@link Context#authTimeout} is closed.</li>
 * </ul>
 *
 * <p>What is dropped is counted ({@link #counters()}) and told in at most one line per {@link Context#logInterval}.
 * Several launchers may connect at once (one per host), each on a thread of its own; the consumer is called from
 * those threads, one notice at a time per launcher.
 */
public final class SubscriberServer implements AutoCloseable {
    /** The longest line accepted, in bytes, its line end excluded: a notice is a few hundred. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** The first line of every connection, before the nonce. */
    static final String GREETING = "spore-subscriber 1 ";

    private final Context context;
    private final ServerSocket server;
    private final Thread acceptor;
    private final ScheduledThreadPoolExecutor timer;
    private final Semaphore threads;
    private final SecureRandom random = new SecureRandom();
    /** Connections that have not proved the secret yet, oldest first; guarded by itself. */
    private final Deque<Connection> unproven = new ArrayDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong notices = new AtomicLong();
    private final AtomicLong unauthenticated = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong tooLong = new AtomicLong();
    private final AtomicLong idle = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final DropLog dropLog;
    private volatile boolean closed;

    /**
     * The server's settings: fluent setters, then {@link #listen(Context)}.
     */
    public static final class Context {
        private HostPort bind = HostPort.parse("127.0.0.1:0");
        private SubscriberSecret secret;
        private Consumer<ProcessEnd> consumer;
        private Consumer<String> log = line -> { };
        private int maxConnections = 64;
        private Duration authTimeout = Duration.ofSeconds(10);
        private Duration logInterval = Duration.ofSeconds(10);

        /** @param bind where to listen; port 0 for a free one (default {@code 127.0.0.1:0}) */
        public Context bind(HostPort bind) {
            this.bind = bind;
            return this;
        }

        /** @param secret the key the launchers sign with (required) */
        public Context secret(SubscriberSecret secret) {
            this.secret = secret;
            return this;
        }

        /**
         * @param consumer what to do with each genuine notice (required); must not block long, since the launcher
         *                 waits for the acknowledgement
         */
        public Context consumer(Consumer<ProcessEnd> consumer) {
            this.consumer = consumer;
            return this;
        }

        /** @param log where the one-line reports of dropped lines and connections go (default nowhere) */
        public Context log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /** @param maxConnections connections served at once, one thread each (default 64) */
        public Context maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** @param authTimeout how long a connection may go without a valid line before it is closed (default 10 s) */
        public Context authTimeout(Duration authTimeout) {
            this.authTimeout = authTimeout;
            return this;
        }

        /** @param logInterval the least time between two reports of dropped lines (default 10 s) */
        public Context logInterval(Duration logInterval) {
            this.logInterval = logInterval;
            return this;
        }

        private void conclude() {
            if (secret == null || consumer == null || bind == null) {
                throw new LaunchException("a subscriber server needs an address, a secret and a consumer");
            }
            if (maxConnections < 1 || maxConnections > 4096) {
                throw new LaunchException("the connection cap must be from 1 to 4096, not " + maxConnections);
            }
            if (authTimeout.isNegative() || authTimeout.isZero() || logInterval.isNegative()) {
                throw new LaunchException("the timeouts must be positive");
            }
        }
    }

    /**
     * What the server has seen since it started.
     *
     * @param notices         genuine notices handed on
     * @param unauthenticated lines dropped for a wrong or missing MAC
     * @param malformed       genuine lines that were not a notice, and lines that were not UTF-8
     * @param tooLong         lines longer than {@value #MAX_LINE_BYTES} bytes
     * @param idle            connections closed for sending no valid line in time
     * @param refused         connections closed for the cap: refused, or unproven ones closed for a newer one
     */
    public record Counters(long notices, long unauthenticated, long malformed, long tooLong, long idle,
                           long refused) {
        /** @return every line and connection dropped, whatever the reason */
        public long dropped() {
            return unauthenticated + malformed + tooLong + idle + refused;
        }

        /** @return the non-zero reasons, for a person: {@code 2 unauthenticated, 1 too long} */
        public String reasons() {
            StringBuilder text = new StringBuilder();
            append(text, unauthenticated, "unauthenticated");
            append(text, malformed, "malformed");
            append(text, tooLong, "too long");
            append(text, idle, "idle");
            append(text, refused, "over the connection cap");
            return text.length() == 0 ? "none" : text.toString();
        }

        private static void append(StringBuilder text, long count, String reason) {
            if (count > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(count).append(' ').append(reason);
            }
        }
    }

    private SubscriberServer(Context context, ServerSocket server) {
        this.context = context;
        this.server = server;
        this.threads = new Semaphore(context.maxConnections);
        this.dropLog = new DropLog(context.log, context.logInterval);
        this.acceptor = new Thread(this::acceptLoop, "subscriber-accept");
        acceptor.setDaemon(true);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "subscriber-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A connection that ends cancels its expiry; under a flood of connections the queue must not keep them.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * @param bind     where to listen; port 0 for a free one
     * @param secret   the key the launchers sign with
     * @param consumer what to do with each notice; must not block long, since the launcher waits for the
     *                 acknowledgement
     * @return the listening server, with the default limits
     * @throws LaunchException when the address cannot be bound
     */
    public static SubscriberServer listen(HostPort bind, SubscriberSecret secret, Consumer<ProcessEnd> consumer) {
        return listen(new Context().bind(bind).secret(secret).consumer(consumer));
    }

    /**
     * @param context the settings
     * @return the listening server
     * @throws LaunchException when a setting is out of range or the address cannot be bound
     */
    public static SubscriberServer listen(Context context) {
        context.conclude();
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(context.bind.socketAddress());
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(server);
            throw new LaunchException("cannot listen for notices on " + context.bind + ": " + e.getMessage());
        }
        SubscriberServer subscriber = new SubscriberServer(context, server);
        long intervalMs = Math.max(1, context.logInterval.toMillis());
        subscriber.timer.scheduleWithFixedDelay(subscriber.dropLog::flush, intervalMs, intervalMs,
            TimeUnit.MILLISECONDS);
        subscriber.acceptor.start();
        return subscriber;
    }

    /** @return the address actually bound (with the port chosen when 0 was given) */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** @return what was handed on and what was dropped so far */
    public Counters counters() {
        return new Counters(notices.get(), unauthenticated.get(), malformed.get(), tooLong.get(), idle.get(),
            refused.get());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            admit(socket);
        }
    }

    /** Gives the new connection a thread, closing an unproven one for it when every thread is taken. */
    private void admit(Socket socket) {
        if (!threads.tryAcquire()) {
            Connection oldest;
            synchronized (unproven) {
                oldest = unproven.pollFirst();
            }
            boolean freed = false;
            if (oldest != null) {
                dropped(refused, "an unproven connection from " + oldest.from + " closed for a newer one");
                oldest.close();
                try {
                    // Its thread ends as soon as its socket is closed; the wait is bounded all the same.
                    freed = threads.tryAcquire(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!freed) {
                dropped(refused, "a connection from " + socket.getRemoteSocketAddress() + " refused: "
                    + context.maxConnections + " launchers are connected");
                closeQuietly(socket);
                return;
            }
        }
        Connection connection = new Connection(socket);
        open.add(connection);
        synchronized (unproven) {
            unproven.addLast(connection);
        }
        Thread reader = new Thread(connection::serve, "subscriber-connection");
        reader.setDaemon(true);
        try {
            reader.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            connection.end();
            throw e;
        }
    }

    /** One launcher's connection, served by a thread of its own. */
    private final class Connection {
        private final Socket socket;
        private final String from;
        private volatile boolean proven;
        private volatile ScheduledFuture<?> expiry;

        Connection(Socket socket) {
            this.socket = socket;
            this.from = String.valueOf(socket.getRemoteSocketAddress());
        }

        void serve() {
            try {
                expiry = timer.schedule(this::expire, context.authTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                end(); // the server is closing
                return;
            }
            try (socket) {
                byte[] nonceBytes = new byte[16];
                random.nextBytes(nonceBytes);
                String nonce = HexFormat.of().formatHex(nonceBytes);
                OutputStream out = socket.getOutputStream();
                write(out, GREETING + nonce);
                BoundedLineReader in = new BoundedLineReader(socket.getInputStream(), MAX_LINE_BYTES);
                long sequence = 1;
                String line;
                while (!closed && (line = in.readLine()) != null) {
                    String json = context.secret.verify(nonce, sequence, line);
                    if (json == null) {
                        dropped(unauthenticated, "a line from " + from + " without a valid MAC (a launcher with"
                            + " another secret, or a forgery)");
                        write(out, "error: not authenticated: register this subscriber with the same secret");
                        return;
                    }
                    sequence++;
                    prove();
                    ProcessEnd end;
                    try {
                        end = Json.read(json, ProcessEnd.class);
                    } catch (LaunchException e) {
                        end = null;
                    }
                    if (end == null) {
                        dropped(malformed, "a signed line from " + from + " that is not a notice");
                        write(out, "error: not a notice");
                        continue;
                    }
                    notices.incrementAndGet();
                    context.consumer.accept(end);
                    write(out, "ok");
                }
            } catch (BoundedLineReader.TooLongException e) {
                dropped(tooLong, "a line longer than " + MAX_LINE_BYTES + " bytes from " + from);
            } catch (CharacterCodingException e) {
                dropped(malformed, "a line from " + from + " that is not UTF-8");
            } catch (IOException e) {
                // The launcher closed the connection, this server is closing, or the connection was closed for being
                // idle or for a newer one: the launcher reconnects and resends what was not acknowledged.
            } finally {
                end();
            }
        }

        private void prove() {
            if (!proven) {
                proven = true;
                synchronized (unproven) {
                    unproven.remove(this);
                }
                ScheduledFuture<?> pending = expiry;
                if (pending != null) {
                    pending.cancel(false);
                }
                try {
                    // A proven launcher may stay connected between notices for as long as it likes; keepalive finds
                    // out when its host is gone.
                    socket.setKeepAlive(true);
                } catch (IOException e) {
                    // Only the detection of a vanished host is lost.
                }
            }
        }

        /** Closes the connection if it has not proved the secret by now. */
        private void expire() {
            if (!proven && !socket.isClosed()) {
                dropped(idle, "a connection from " + from + " that sent no valid line in "
                    + context.authTimeout.toMillis() + " ms");
                close();
            }
        }

        void close() {
            closeQuietly(socket);
        }

        /** Gives back the thread; called once, by the connection's own thread (or instead of starting it). */
        void end() {
            closeQuietly(socket);
            ScheduledFuture<?> pending = expiry;
            if (pending != null) {
                pending.cancel(false);
            }
            synchronized (unproven) {
                unproven.remove(this);
            }
            open.remove(this);
            threads.release();
        }

        private void write(OutputStream out, String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private void dropped(AtomicLong counter, String what) {
        counter.incrementAndGet();
        dropLog.dropped(what);
    }

    /** Reports what is dropped in at most one line per interval: the first at once, then a sum. */
    private final class DropLog {
        private final Consumer<String> log;
        private final long intervalNs;
        private long lastLogNs;
        private boolean everLogged;
        private long since;
        private String latest;

        DropLog(Consumer<String> log, Duration interval) {
            this.log = log;
            this.intervalNs = interval.toNanos();
        }

        synchronized void dropped(String what) {
            since++;
            latest = what;
            if (!everLogged || System.nanoTime() - lastLogNs >= intervalNs) {
                flush();
            }
        }

        synchronized void flush() {
            if (since == 0) {
                return;
            }
            Counters counters = counters();
            String line = since == 1 ? "subscriber: dropped " + latest
                : String.format(Locale.ROOT, "subscriber: dropped %d lines or connections since the last report,"
                + " the latest %s", since, latest);
            line += "; " + counters.dropped() + " dropped in all (" + counters.reasons() + ")";
            since = 0;
            everLogged = true;
            lastLogNs = System.nanoTime();
            try {
                log.accept(line);
            } catch (RuntimeException e) {
                // A broken log must not stop the server.
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        timer.shutdownNow();
        open.forEach(Connection::close);
    }
}
