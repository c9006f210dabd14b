package io.spore.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The creator's callback port while it waits for the node it started: every connection gets a handshake of its own
 * ({@link ChannelHandshake}) on a thread of its own, so a stranger who connects first, sends garbage or drips
 * bytes holds up nobody; the first connection that proves the token and says hello is the node. Everyone else is
 * refused with a one-line reason to the creator's log, and the creator goes on waiting. At most
 * {@value #MAX_PENDING_HANDSHAKES} handshakes run at once, each for at most {@value #HANDSHAKE_TIMEOUT_MS} ms.
 *
 * <p>Threading: {@link #await} runs on the caller's thread; handshakes on daemon threads of their own.
 */
final class CallbackListener implements AutoCloseable {
    static final int MAX_PENDING_HANDSHAKES = 8;
    static final long HANDSHAKE_TIMEOUT_MS = 5_000;
    private static final int ACCEPT_SLICE_MS = 200;

    /** The node, admitted: its sealed channel and its hello. */
    record Admitted(SealedChannel channel, ManagerMessage hello) {
    }

    /** What the waiting checks between accepts; throws to stop waiting. */
    interface Watch {
        void check(long leftMs);
    }

    private final ServerSocket server;
    private final String token;
    private final String creator;
    private final Consumer<String> log;
    private final Set<Socket> pending = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Admitted> admitted = new CompletableFuture<>();
    private volatile boolean taken;
    private volatile boolean closing;

    /**
     * @param server  bound to the callback port
     * @param token   the token written to the node's standard input
     * @param creator the creator's name, sent to the node in the welcome
     * @param log     receives a line for every connection refused
     */
    CallbackListener(ServerSocket server, String token, String creator, Consumer<String> log) {
        this.server = server;
        this.token = token;
        this.creator = creator;
        this.log = log;
    }

    /**
     * Accepts connections until one is the node.
     *
     * @param deadlineNs {@link System#nanoTime()} by which the node must be admitted
     * @param watch      called between accepts with the time left (even when none is), to fail the start early
     *                   (the node exited) or at the deadline
     * @return the node
     * @throws IOException when the port fails
     */
    Admitted await(long deadlineNs, Watch watch) throws IOException {
        while (true) {
            Admitted node = admitted.getNow(null);
            if (node != null) {
                taken = true;
                return node;
            }
            long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
            watch.check(leftMs);
            // Short accepts, so a node that dies early is noticed at once rather than at the deadline.
            server.setSoTimeout((int) Math.max(1, Math.min(leftMs, ACCEPT_SLICE_MS)));
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (pending.size() >= MAX_PENDING_HANDSHAKES) {
                log.accept("refused a connection to the callback port from " + socket.getRemoteSocketAddress()
                    + ": " + MAX_PENDING_HANDSHAKES + " handshakes are already under way");
                socket.close();
                continue;
            }
            pending.add(socket);
            long handshakeDeadlineNs = Math.min(deadlineNs, System.nanoTime() + HANDSHAKE_TIMEOUT_MS * 1_000_000);
            Thread thread = new Thread(() -> admit(socket, handshakeDeadlineNs), "node-callback-handshake");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void admit(Socket socket, long deadlineNs) {
        String from = String.valueOf(socket.getRemoteSocketAddress());
        try {
            socket.setTcpNoDelay(true);
            SealedChannel channel = ChannelHandshake.asCreator(socket, token, deadlineNs);
            socket.setSoTimeout((int) Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000));
            byte[] first = channel.receive();
            ManagerMessage hello = first == null ? null
                : Json.read(new String(first, StandardCharsets.UTF_8), ManagerMessage.class);
            if (hello == null || !"hello".equals(hello.type())) {
                throw new ChannelException("the node proved the token but did not say hello");
            }
            synchronized (admitted) {
                if (admitted.isDone()) {
                    throw new ChannelException("another connection was admitted first");
                }
                channel.send(Json.write(ManagerMessage.welcome(creator)).getBytes(StandardCharsets.UTF_8));
                socket.setSoTimeout(0);
                admitted.complete(new Admitted(channel, hello));
            }
        } catch (IOException | LaunchException e) {
            String reason = closing ? "the wait for the node is over, so its handshake was cut short"
                : e.getMessage();
            log.accept("refused a connection to the callback port from " + from + ": " + reason);
            try {
                socket.close();
            } catch (IOException closing) {
                // Already closed.
            }
        } finally {
            pending.remove(socket);
        }
    }

    /** Ends every handshake still under way, and the node's channel when the start failed after all. */
    @Override
    public void close() {
        closing = true;
        for (Socket socket : pending) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
        synchronized (admitted) {
            if (!admitted.isDone()) {
                admitted.cancel(false);
            } else if (!taken && !admitted.isCancelled()) {
                admitted.join().channel().close();
            }
        }
    }
}
