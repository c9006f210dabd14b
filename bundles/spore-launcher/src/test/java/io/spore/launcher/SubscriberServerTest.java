package io.spore.launcher;

import io.spore.testsupport.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscriber's port attacked over real loopback sockets: forged, replayed, over-long and idle connections, and
 * more connections than it serves, while a genuine launcher ({@link Subscribers}, the daemon's own code) still
 * delivers.
 */
@Timeout(120)
class SubscriberServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final SubscriberSecret SECRET = secret("the subscriber's own secret text");
    private static final SubscriberSecret OTHER = secret("somebody else's secret text!!");
    private static final ProcessEnd FORGED = new ProcessEnd("host", "forged", 666, 1, null, "2026-01-01T00:00:00Z",
        "failed");

    private final LinkedBlockingQueue<ProcessEnd> received = new LinkedBlockingQueue<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private static SubscriberSecret secret(String text) {
        return SubscriberSecret.fromText(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ProcessEnd end(String label) {
        return new ProcessEnd("host", label, 42, 3, null, "2026-01-01T00:00:00Z", "failed");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private SubscriberServer listen(SubscriberServer.Context context) {
        SubscriberServer server = SubscriberServer.listen(context.bind(HostPort.parse("127.0.0.1:0")).secret(SECRET)
            .consumer(received::add).log(log::add));
        closeables.add(server);
        return server;
    }

    private static String address(SubscriberServer server) {
        return "127.0.0.1:" + server.boundAddress().getPort();
    }

    /** A launcher as the daemon runs it, registered for {@code server}. */
    private Subscribers launcher(SubscriberServer server, SubscriberSecret secret) {
        Subscribers subscribers = new Subscribers(null);
        closeables.add(subscribers);
        subscribers.subscribe(address(server), null, secret);
        return subscribers;
    }

    /** A plain socket client, as anybody on the host can open. */
    private final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(SubscriberServer server) throws IOException {
            socket = new Socket("127.0.0.1", server.boundAddress().getPort());
            socket.setSoTimeout((int) DEADLINE.toMillis());
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            closeables.add(this);
        }

        String nonce() throws IOException {
            String greeting = in.readLine();
            assertTrue(greeting != null && greeting.startsWith(SubscriberServer.GREETING), greeting);
            return greeting.substring(SubscriberServer.GREETING.length());
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** @return whether the server closed the connection (end of stream or reset) before the deadline */
        boolean closedByServer() throws IOException {
            try {
                while (in.readLine() != null) {
                    // an answer before closing, such as "error: ..."
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void forgedLinesAreDroppedAndCountedWhileGenuineNoticesArrive() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context().logInterval(Duration.ofHours(1)));
        String json = Json.write(FORGED);

        Client bare = new Client(server);
        bare.nonce();
        bare.send(json);
        assertEquals("error: not authenticated: register this subscriber with the same secret", bare.in.readLine());
        assertTrue(bare.closedByServer(), "a forger's connection is closed");

        Client guessed = new Client(server);
        guessed.nonce();
        guessed.send("00".repeat(32) + " " + json);
        assertTrue(guessed.closedByServer());

        Client otherKey = new Client(server);
        otherKey.send(OTHER.sign(otherKey.nonce(), 1, json));
        assertTrue(otherKey.closedByServer());

        // A real launcher with another user's secret is no better than a hand-made line.
        Subscribers stranger = launcher(server, OTHER);
        stranger.publish(FORGED);
        assertTrue(Await.until(DEADLINE, () -> server.counters().unauthenticated() >= 4), server.counters()::toString);
        stranger.close();

        launcher(server, SECRET).publish(end("genuine"));
        assertEquals(end("genuine"), received.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertNull(received.poll(100, TimeUnit.MILLISECONDS), "nothing forged was handed on");
        assertEquals(1, server.counters().notices());
        // Rate-limited: the first drop is told at once, the others wait for the next report.
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("subscriber: dropped a line from /127.0.0.1:"), log.get(0));
        assertTrue(log.get(0).contains("without a valid MAC"), log.get(0));
    }

    @Test
    void aCapturedLineIsWorthNothingOnAnotherConnectionOrTwiceOnOne() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context());
        // Capture what a genuine launcher sends, by posing as the subscriber at another address.
        String captured;
        try (ServerSocket impostor = new ServerSocket(0)) {
            impostor.setSoTimeout((int) DEADLINE.toMillis());
            Subscribers launcher = new Subscribers(null);
            closeables.add(launcher);
            launcher.subscribe("127.0.0.1:" + impostor.getLocalPort(), null, SECRET);
            launcher.publish(FORGED);
            try (Socket victim = impostor.accept()) {
                victim.setSoTimeout((int) DEADLINE.toMillis());
                victim.getOutputStream().write((SubscriberServer.GREETING + "00112233445566778899aabbccddeeff\n")
                    .getBytes(StandardCharsets.UTF_8));
                captured = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            }
        }
        assertTrue(captured.endsWith(Json.write(FORGED)), captured);

        Client replay = new Client(server);
        replay.nonce();
        replay.send(captured);
        assertTrue(replay.closedByServer());
        assertEquals(1, server.counters().unauthenticated());

        // On one connection, a line signed for it is accepted once; the same line again is not.
        Client holder = new Client(server);
        String line = SECRET.sign(holder.nonce(), 1, Json.write(end("once")));
        holder.send(line);
        assertEquals("ok", holder.in.readLine());
        holder.send(line);
        assertTrue(holder.closedByServer());
        assertEquals(List.of(end("once")), new ArrayList<>(received));
        assertEquals(2, server.counters().unauthenticated());
    }

    @Test
    void aSignedLineThatIsNotANoticeIsCountedAndTheConnectionGoesOn() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context());
        Client client = new Client(server);
        String nonce = client.nonce();
        client.send(SECRET.sign(nonce, 1, "{not json"));
        assertEquals("error: not a notice", client.in.readLine());
        client.send(SECRET.sign(nonce, 2, "null"));
        assertEquals("error: not a notice", client.in.readLine());
        client.send(SECRET.sign(nonce, 3, Json.write(end("after"))));
        assertEquals("ok", client.in.readLine());
        assertEquals(List.of(end("after")), new ArrayList<>(received));
        assertEquals(2, server.counters().malformed());
    }

    @Test
    void anOverLongLineClosesItsConnectionBeforeMuchIsRead() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context());
        Client client = new Client(server);
        client.nonce();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        long limit = 256L * 1024 * 1024;
        long written = 0;
        IOException refused = null;
        try {
            // Far more than any buffer between the two ends holds: the server must stop reading and close.
            while (written < limit) {
                client.out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            refused = e;
        }
        assertTrue(refused != null, "the server read all of " + written + " bytes without a line end");
        // What got through is what the socket buffers held, not the old cap of 64 Mi characters.
        assertTrue(written < 32L * 1024 * 1024, written + " bytes written before the reset");
        assertTrue(Await.until(DEADLINE, () -> server.counters().tooLong() == 1), server.counters()::toString);

        // A line of exactly the bound is read whole, and judged on its MAC.
        Client atBound = new Client(server);
        atBound.nonce();
        atBound.send("x".repeat(SubscriberServer.MAX_LINE_BYTES));
        assertEquals("error: not authenticated: register this subscriber with the same secret",
            atBound.in.readLine());
        assertEquals(1, server.counters().tooLong());

        launcher(server, SECRET).publish(end("still-up"));
        assertEquals(end("still-up"), received.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aConnectionThatProvesNothingInTimeIsClosed() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context().authTimeout(Duration.ofMillis(300)));
        Client silent = new Client(server);
        silent.nonce();
        long startNs = System.nanoTime();
        assertTrue(silent.closedByServer(), "closed within " + DEADLINE);
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(250));
        assertEquals(1, server.counters().idle());

        // A genuine launcher that stays connected between notices is not idle.
        Subscribers launcher = launcher(server, SECRET);
        launcher.publish(end("first"));
        assertEquals(end("first"), received.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        Thread.sleep(600); // longer than the timeout, on purpose: the proven connection must outlive it
        launcher.publish(end("second"));
        assertEquals(end("second"), received.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, server.counters().idle());
        assertTrue(Await.until(DEADLINE, () -> launcher.list().get(0).delivered() == 2));
        assertTrue(launcher.list().get(0).connected(), "on the connection it proved itself on");
    }

    @Test
    void manyConnectionsTakeBoundedThreadsAndALauncherStillGetsThrough() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context());
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", server.boundAddress().getPort());
                flood.add(socket);
            }
            assertTrue(Await.until(DEADLINE, () -> server.counters().refused() >= 136), server.counters()::toString);
            assertTrue(connectionThreads() <= 64, connectionThreads() + " connection threads");

            // Unproven connections make way for the launcher, which proves itself at once.
            Subscribers launcher = launcher(server, SECRET);
            launcher.publish(end("through-the-flood"));
            assertEquals(end("through-the-flood"), received.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertTrue(connectionThreads() <= 64, connectionThreads() + " connection threads");
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
        assertTrue(Await.until(DEADLINE, () -> connectionThreads() <= 1), connectionThreads() + " threads left");
    }

    @Test
    void whenEveryConnectionIsProvenANewOneIsRefusedAtOnce() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context().maxConnections(2));
        Client first = new Client(server);
        first.send(SECRET.sign(first.nonce(), 1, Json.write(end("a"))));
        assertEquals("ok", first.in.readLine());
        Client second = new Client(server);
        second.send(SECRET.sign(second.nonce(), 1, Json.write(end("b"))));
        assertEquals("ok", second.in.readLine());

        Client third = new Client(server);
        assertNull(third.in.readLine(), "no greeting: closed at once");
        assertEquals(1, server.counters().refused());
        first.close();
        assertTrue(Await.until(DEADLINE, () -> {
            try (Socket fourth = new Socket("127.0.0.1", server.boundAddress().getPort())) {
                fourth.setSoTimeout(1000);
                String greeting = new BufferedReader(new InputStreamReader(fourth.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
                return greeting != null && greeting.startsWith(SubscriberServer.GREETING);
            } catch (IOException e) {
                return false;
            }
        }), "a slot is free again once a launcher leaves");
    }

    @Test
    void closingTheServerEndsEveryConnection() throws Exception {
        SubscriberServer server = listen(new SubscriberServer.Context());
        Client proven = new Client(server);
        proven.send(SECRET.sign(proven.nonce(), 1, Json.write(end("a"))));
        assertEquals("ok", proven.in.readLine());
        int port = server.boundAddress().getPort();
        server.close();
        assertTrue(proven.closedByServer());
        assertTrue(Await.until(DEADLINE, () -> connectionThreads() == 0), connectionThreads() + " threads left");
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
    }

    private static long connectionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals("subscriber-connection") && thread.isAlive()).count();
    }
}
