package io.spore.launcher;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The launcher's connection to one subscriber: the launcher connects to it (the subscriber listens), reads the
 * subscriber's greeting with the connection's nonce, and sends each matching {@link ProcessEnd} as a JSON line signed
 * with the subscriber's {@link SubscriberSecret} (the protocol is {@link SubscriberServer}'s), which the subscriber
 * acknowledges with a line {@code ok}. A notice too long to send is dropped and counted. When the
 * subscriber cannot be reached or does not acknowledge, the notice stays first in line and the link reconnects
 * every {@value #MAX_BACKOFF_MS} ms at most, so a subscriber that restarts on the same address gets what it missed.
 * At most {@value #CAPACITY} notices wait; beyond that the oldest are dropped and counted.
 *
 * <p>One thread per link sends; {@link #offer} may be called from any thread.
 */
final class SubscriberLink implements AutoCloseable {
    static final int CAPACITY = 10_000;
    static final int CONNECT_TIMEOUT_MS = 1000;
    static final int ACK_TIMEOUT_MS = 2000;
    static final long MAX_BACKOFF_MS = 500;
    static final int MAX_ANSWER_BYTES = 4096;

    private final HostPort address;
    private final Glob filter;
    private final SubscriberSecret secret;
    private final LinkedBlockingDeque<ProcessEnd> queue = new LinkedBlockingDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** The notice the sender has taken from the queue and not yet delivered, or {@code null}: still pending. */
    private volatile ProcessEnd inFlight;
    private final Thread sender;
    private volatile boolean closed;
    private volatile Socket socket;
    private BoundedLineReader in;
    private Writer out;
    private String nonce;
    private long sequence;

    /**
     * @param secret  the key the subscriber checks notices with
     * @param pending notices left by an earlier link to the same address, sent first
     */
    SubscriberLink(HostPort address, Glob filter, SubscriberSecret secret, List<ProcessEnd> pending) {
        this.address = address;
        this.filter = filter;
        this.secret = secret;
        pending.forEach(this::offer);
        this.sender = new Thread(this::run, "launch-subscriber-" + address);
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues the notice if its label matches this subscriber's filter. */
    void offer(ProcessEnd end) {
        if (!filter.matches(end.label())) {
            return;
        }
        while (queue.size() >= CAPACITY) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        }
        queue.offerLast(end);
    }

    /**
     * @return the link as {@code spore launch subscribers} shows it. Delivered and in flight are read together (the
     *         sender moves a notice from one to the other under the same lock), so no notice counts as both.
     */
    Subscription view() {
        long deliveredNow;
        int inFlightNow;
        synchronized (this) {
            deliveredNow = delivered.get();
            inFlightNow = inFlight != null ? 1 : 0;
        }
        return new Subscription(address.toString(), filter.toString(), deliveredNow, queue.size() + inFlightNow,
            socket != null);
    }

    HostPort address() {
        return address;
    }

    SubscriberSecret secret() {
        return secret;
    }

    /**
     * Closes the link and returns what it had not delivered, oldest first, the notice it was sending included: it
     * waits (at most the time one attempt can take) for the sender to put that notice back or see it acknowledged.
     */
    List<ProcessEnd> closeAndDrain() {
        close();
        try {
            sender.join(CONNECT_TIMEOUT_MS + ACK_TIMEOUT_MS + MAX_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessEnd> left = new ArrayList<>();
        ProcessEnd stuck = inFlight;
        if (stuck != null) {
            left.add(stuck); // the sender did not finish in time: better twice than never
        }
        queue.drainTo(left);
        return left;
    }

    private void run() {
        long backoffMs = 50;
        while (!closed) {
            ProcessEnd end;
            try {
                end = queue.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            inFlight = end;
            try {
                boolean sent = send(end);
                synchronized (this) {
                    if (sent) {
                        delivered.incrementAndGet();
                    }
                    inFlight = null;
                }
                backoffMs = 50;
            } catch (IOException e) {
                queue.offerFirst(end);
                inFlight = null;
                disconnect();
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
        }
    }

    /** @return whether the subscriber acknowledged it; {@code false} when it was too long to send */
    private boolean send(ProcessEnd end) throws IOException {
        if (socket == null) {
            Socket fresh = new Socket();
            try {
                fresh.connect(address.socketAddress(), CONNECT_TIMEOUT_MS);
                fresh.setSoTimeout(ACK_TIMEOUT_MS);
                fresh.setTcpNoDelay(true);
            } catch (IOException | IllegalArgumentException e) {
                fresh.close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
            try {
                // The subscriber's lines are a greeting and acknowledgements: a few bytes, whoever answers there.
                in = new BoundedLineReader(fresh.getInputStream(), MAX_ANSWER_BYTES);
                out = new OutputStreamWriter(fresh.getOutputStream(), StandardCharsets.UTF_8);
                String greeting = in.readLine();
                if (greeting == null || !greeting.startsWith(SubscriberServer.GREETING)) {
                    throw new IOException("the subscriber greeted with " + greeting + " instead of "
                        + SubscriberServer.GREETING + "NONCE");
                }
                nonce = greeting.substring(SubscriberServer.GREETING.length());
                sequence = 0;
            } catch (IOException e) {
                fresh.close();
                throw e instanceof SocketTimeoutException
                    ? new IOException("no greeting within " + ACK_TIMEOUT_MS + " ms", e) : e;
            }
            socket = fresh;
        }
        String line = secret.sign(nonce, sequence + 1, Json.write(end));
        if (line.getBytes(StandardCharsets.UTF_8).length > SubscriberServer.MAX_LINE_BYTES) {
            // The subscriber would close the connection on it, and the link would retry it for ever.
            dropped.incrementAndGet();
            return false;
        }
        sequence++;
        out.write(line);
        out.write('\n');
        out.flush();
        String ack;
        try {
            ack = in.readLine();
        } catch (SocketTimeoutException e) {
            throw new IOException("no acknowledgement within " + ACK_TIMEOUT_MS + " ms", e);
        }
        if (!"ok".equals(ack)) {
            throw new IOException("the subscriber answered " + ack + " instead of ok");
        }
        return true;
    }

    private void disconnect() {
        Socket current = socket;
        socket = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing left to do.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        disconnect();
    }
}
