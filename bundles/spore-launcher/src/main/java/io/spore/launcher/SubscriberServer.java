package io.spore.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The listening side of a subscription ({@code spore launch subscribe --serve}): accepts the launchers that
 * connect to it, reads one {@link ProcessEnd} per line, hands it on, and acknowledges it with {@code ok}. Several
 * launchers may connect at once (one per host), each on a thread of its own; the consumer is called from those
 * threads, one notice at a time per launcher.
 */
public final class SubscriberServer implements AutoCloseable {
    private final ServerSocket server;
    private final Consumer<ProcessEnd> consumer;
    private final Thread acceptor;
    private volatile boolean closed;

    private SubscriberServer(ServerSocket server, Consumer<ProcessEnd> consumer) {
        this.server = server;
        this.consumer = consumer;
        this.acceptor = new Thread(this::acceptLoop, "subscriber-accept");
        acceptor.setDaemon(true);
    }

    /**
     * @param bind     where to listen; port 0 for a free one
     * @param consumer what to do with each notice; must not block long, since the launcher waits for the
     *                 acknowledgement
     * @return the listening server
     * @throws LaunchException when the address cannot be bound
     */
    public static SubscriberServer listen(HostPort bind, Consumer<ProcessEnd> consumer) {
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(bind.socketAddress());
        } catch (IOException | IllegalArgumentException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // Already failing; the bind error is what matters.
                }
            }
            throw new LaunchException("cannot listen for notices on " + bind + ": " + e.getMessage());
        }
        SubscriberServer subscriber = new SubscriberServer(server, consumer);
        subscriber.acceptor.start();
        return subscriber;
    }

    /** @return the address actually bound (with the port chosen when 0 was given) */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
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
            Thread reader = new Thread(() -> read(socket), "subscriber-" + socket.getRemoteSocketAddress());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            String line;
            while (!closed && (line = Json.readLine(in)) != null) {
                ProcessEnd end;
                try {
                    end = Json.read(line, ProcessEnd.class);
                } catch (LaunchException e) {
                    out.write("error: " + e.getMessage() + "\n");
                    out.flush();
                    continue;
                }
                consumer.accept(end);
                out.write("ok\n");
                out.flush();
            }
        } catch (SocketException e) {
            // The launcher closed the connection or this server is closing.
        } catch (IOException e) {
            // A broken connection: the launcher reconnects and resends what was not acknowledged.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
    }
}
