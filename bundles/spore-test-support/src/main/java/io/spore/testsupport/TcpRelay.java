package io.spore.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A man in the middle for a test: a TCP relay on loopback that forwards every connection it accepts to a target
 * and records every byte both ways, as a sniffer on the path would see them, and that may flip one byte going back
 * to the connecting side, as an attacker on the path could. The target is asked for at each connection, so it may
 * be an address that is only known once the client has been told to connect here.
 *
 * <p>Directions are named from the connecting side: {@link #upstream()} is what the client sent towards the target,
 * {@link #downstream()} what came back. Threading: a thread accepts, two more per connection pump; the recordings
 * may be read from any thread. {@link #close()} ends them all.
 */
public final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final Supplier<InetSocketAddress> target;
    private final long flipDownstreamAt;
    private final ByteArrayOutputStream upstream = new ByteArrayOutputStream();
    private final ByteArrayOutputStream downstream = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private long downstreamSeen;

    private TcpRelay(Supplier<InetSocketAddress> target, long flipDownstreamAt) throws IOException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.target = target;
        this.flipDownstreamAt = flipDownstreamAt;
        Thread acceptor = new Thread(this::accept, "tcp-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param target where each connection is forwarded, asked for when it arrives
     * @return a relay that only records
     * @throws UncheckedIOException when it cannot listen
     */
    public static TcpRelay recording(Supplier<InetSocketAddress> target) {
        return tampering(target, -1);
    }

    /**
     * @param target           where each connection is forwarded, asked for when it arrives
     * @param flipDownstreamAt the offset, counted over every connection's downstream bytes, of the one byte whose
     *                         bits are all flipped on its way back to the client; -1 for none
     * @return a relay that records and tampers
     * @throws UncheckedIOException when it cannot listen
     */
    public static TcpRelay tampering(Supplier<InetSocketAddress> target, long flipDownstreamAt) {
        try {
            return new TcpRelay(target, flipDownstreamAt);
        } catch (IOException e) {
            throw new UncheckedIOException("the relay cannot listen on loopback", e);
        }
    }

    /** @return the loopback port the relay listens on */
    public int port() {
        return server.getLocalPort();
    }

    /** @return every byte clients sent so far, connections one after the other */
    public byte[] upstream() {
        synchronized (upstream) {
            return upstream.toByteArray();
        }
    }

    /** @return every byte that came back from the target so far, as it came (before any flip) */
    public byte[] downstream() {
        synchronized (downstream) {
            return downstream.toByteArray();
        }
    }

    /** @return what the relay did (connections, the flip, failures), for a failed test's message */
    public List<String> events() {
        return List.copyOf(events);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                InetSocketAddress to = target.get();
                Socket upstreamSocket = new Socket(to.getAddress(), to.getPort());
                sockets.add(upstreamSocket);
                events.add("relaying " + client.getRemoteSocketAddress() + " to " + to);
                pump(client.getInputStream(), upstreamSocket.getOutputStream(), upstream, false, upstreamSocket);
                pump(upstreamSocket.getInputStream(), client.getOutputStream(), downstream, true, client);
            } catch (IOException | RuntimeException e) {
                if (!server.isClosed()) {
                    events.add("accepting failed: " + e);
                }
            }
        }
    }

    private void pump(InputStream in, OutputStream out, ByteArrayOutputStream record, boolean tamper, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (record) {
                        record.write(buffer, 0, n);
                    }
                    if (tamper) {
                        flip(buffer, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side closed or reset: the other goes too.
            }
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // Already closed.
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void flip(byte[] buffer, int n) {
        if (flipDownstreamAt >= downstreamSeen && flipDownstreamAt < downstreamSeen + n) {
            int at = (int) (flipDownstreamAt - downstreamSeen);
            buffer[at] ^= (byte) 0xff;
            events.add("flipped downstream byte " + flipDownstreamAt);
        }
        downstreamSeen += n;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }
}
