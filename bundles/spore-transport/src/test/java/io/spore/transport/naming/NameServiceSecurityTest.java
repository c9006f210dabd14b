package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.testsupport.AnotherUser;
import io.spore.transport.TransportContext;
import io.spore.transport.security.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.spore.testsupport.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The name service's door attacked over real loopback sockets: without the cookie, as a squatter of the port, as a
 * forger of answers, as another Unix user of the host, and as a flood of connections.
 */
@Timeout(120)
class NameServiceSecurityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Cookie WRONG = Cookie.of("a-cookie-of-another-cluster");

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the others still get closed
            }
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static NameServiceConfig config(int port) {
        return new NameServiceConfig("127.0.0.1", port, TIMEOUT);
    }

    @Test
    void namesAndEveryOtherRequestNeedTheCookie() throws IOException {
        int port = FreePort.find();
        NameServer server = closeLater(NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE));
        assertNotNull(server);
        closeLater(Registrar.start(config(port), LineClient.COOKIE, "alpha", 42001));

        try (LineClient stranger = LineClient.unauthenticated(port)) {
            assertTrue(stranger.greeting().startsWith("SPORE-NAMES 1 "), stranger.greeting());
            String reply = stranger.ask("NAMES");
            assertTrue(reply.startsWith("ERR unauthenticated"), reply);
            assertFalse(reply.contains("alpha"), reply);
            assertClosed(stranger);
        }
        try (LineClient stranger = LineClient.unauthenticated(port)) {
            String reply = stranger.ask("HELLO " + "ab".repeat(32) + " " + "cd".repeat(32));
            assertTrue(reply.startsWith("ERR denied"), reply);
            assertClosed(stranger);
        }
        ClientSession.ProofException refused = assertThrows(ClientSession.ProofException.class,
            () -> new LineClient(port, WRONG).close());
        assertTrue(refused.refusedUs(), refused.getMessage());

        SporeException e = assertThrows(SporeException.class,
            () -> NameServiceClient.names("127.0.0.1", port, WRONG, TIMEOUT));
        assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
        assertTrue(e.getMessage().contains("refused this node's cookie"), e.getMessage());
        assertEquals(Map.of("alpha", 42001), NameServiceClient.names("127.0.0.1", port, LineClient.COOKIE, TIMEOUT));
    }

    @Test
    void aForgedLookupAnswerIsDetected() throws Exception {
        // A squatter without the cookie greets like the name service and then cannot prove the cookie.
        try (FakeServer squatter = closeLater(new FakeServer(FreePort.find(), FakeServer::cookieless))) {
            SporeException e = assertThrows(SporeException.class,
                () -> NameServiceClient.lookup("127.0.0.1", squatter.port(), LineClient.COOKIE, "alpha", TIMEOUT));
            assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
            assertTrue(e.getMessage().contains("does not prove the cookie"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // One that speaks the old, unauthenticated protocol: its PORT line is not an answer.
        try (FakeServer old = closeLater(new FakeServer(FreePort.find(), (in, out, requests) -> {
            NameServiceProtocol.writeLine(out, "PORT 6666");
            requests.add(NameServiceProtocol.readLine(in, 1000));
        }))) {
            SporeException e = assertThrows(SporeException.class,
                () -> NameServiceClient.lookup("127.0.0.1", old.port(), LineClient.COOKIE, "alpha", TIMEOUT));
            assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
            assertTrue(e.getMessage().contains("not the Spore name service protocol"), e.getMessage());
        }

        // A man in the middle that passes the real handshake through and changes the answer.
        int realPort = FreePort.find();
        closeLater(Registrar.start(config(realPort), LineClient.COOKIE, "alpha", 42001));
        try (FakeServer relay = closeLater(new FakeServer(FreePort.find(), (in, out, requests) -> {
            try (Socket real = new Socket(InetAddress.getLoopbackAddress(), realPort)) {
                real.setSoTimeout(5000);
                InputStream fromReal = new BufferedInputStream(real.getInputStream());
                OutputStream toReal = real.getOutputStream();
                NameServiceProtocol.writeLine(out, NameServiceProtocol.readLine(fromReal, 1000)); // greeting
                NameServiceProtocol.writeLine(toReal, NameServiceProtocol.readLine(in, 1000)); // HELLO
                NameServiceProtocol.writeLine(out, NameServiceProtocol.readLine(fromReal, 1000)); // WELCOME
                NameServiceProtocol.writeLine(toReal, NameServiceProtocol.readLine(in, 1000)); // LOOKUP
                String answer = NameServiceProtocol.readLine(fromReal, 1000);
                requests.add(answer);
                NameServiceProtocol.writeLine(out, answer.replace("PORT 42001", "PORT 6666"));
            }
        }))) {
            SporeException e = assertThrows(SporeException.class,
                () -> NameServiceClient.lookup("127.0.0.1", relay.port(), LineClient.COOKIE, "alpha", TIMEOUT));
            assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
            assertTrue(e.getMessage().contains("forged or altered answer"), e.getMessage());
            assertTrue(relay.requests.get(0).startsWith("PORT 42001 "), "the real answer went by: " + relay.requests);
        }
        assertEquals(OptionalInt.of(42001),
            NameServiceClient.lookup("127.0.0.1", realPort, LineClient.COOKIE, "alpha", TIMEOUT));
    }

    @Test
    void aCookielessSquatterOfThePortIsNotBelievedAndTheNodesTakeOverWhenItLeaves() throws Exception {
        int port = FreePort.find();
        Registrar a = closeLater(Registrar.start(config(port), LineClient.COOKIE, "a", 41001));
        Registrar b = closeLater(Registrar.start(config(port), LineClient.COOKIE, "b", 41002));
        assertTrue(a.isServing());

        // The serving node leaves, and the squatter binds the port before b retries (b waits 10 ms at least).
        a.close();
        FakeServer squatter = closeLater(new FakeServer(port, FakeServer::cookieless));
        until("b tried the squatter and did not believe it", () -> b.unproven() != null);
        assertFalse(b.isRegistered());
        assertTrue(b.unproven().contains("does not prove the cookie"), b.unproven());
        SporeException e = assertThrows(SporeException.class, () -> b.lookup("b"));
        assertEquals(SporeException.Reason.NODE_DOWN, e.reason());

        // A node started meanwhile runs unregistered instead of registering with the squatter.
        Registrar c = closeLater(Registrar.start(config(port), LineClient.COOKIE, "c", 41003));
        assertFalse(c.isRegistered());
        assertNotNull(c.unproven());

        squatter.close();
        until("b or c serves again and both registered", () -> (b.isServing() || c.isServing())
            && b.isRegistered() && c.isRegistered());
        assertNull(b.unproven());
        assertEquals(Map.of("b", 41002, "c", 41003),
            NameServiceClient.names("127.0.0.1", port, LineClient.COOKIE, TIMEOUT));
        assertTrue(squatter.requests.stream().noneMatch(line -> line.startsWith("REGISTER")),
            "no node told the squatter its port: " + squatter.requests);
    }

    @Test
    void aThousandConnectionsFromOneSourceDoNotStopANewNode() throws Exception {
        int port = FreePort.find();
        NameServer server = closeLater(NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE));
        assertNotNull(server);
        // The flood comes from another loopback address: one source, as a remote host would be.
        InetAddress source = InetAddress.getByName("127.0.0.2");
        List<Socket> flood = new ArrayList<>();
        opened.add(() -> {
            for (Socket socket : flood) {
                socket.close();
            }
        });
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < 1000 && System.nanoTime() < deadlineNs; i++) {
            Socket socket = new Socket();
            flood.add(socket);
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
        assertEquals(1000, flood.size(), "the flood was made in time");
        until("the server refused all but its share", () -> server.connectionCount()
            <= NameServer.MAX_UNREGISTERED_PER_SOURCE);

        try (Registrar newcomer = Registrar.start(config(port), LineClient.COOKIE, "newcomer", 41050)) {
            assertTrue(newcomer.isRegistered());
            assertEquals(OptionalInt.of(41050), newcomer.lookup("newcomer"));
        }
        int busy = 0;
        for (Socket socket : flood.subList(NameServer.MAX_UNREGISTERED_PER_SOURCE, flood.size())) {
            socket.setSoTimeout(1000);
            try {
                String line = NameServiceProtocol.readLine(new BufferedInputStream(socket.getInputStream()), 1000);
                busy += line != null && line.startsWith("ERR busy") ? 1 : 0;
            } catch (IOException reset) {
                // refused too: the line was lost to a reset
            }
            if (busy > 0) {
                break;
            }
        }
        assertTrue(busy > 0, "the refused connections are told why");
    }

    @Test
    void connectionsThatSendNothingOrTrickleAreClosed() throws Exception {
        int port = FreePort.find();
        NameServer server = closeLater(NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE));
        assertNotNull(server);
        LineClient silent = closeLater(LineClient.unauthenticated(port));
        LineClient trickler = closeLater(LineClient.unauthenticated(port));
        long startNs = System.nanoTime();
        long limitNs = NameServer.IDLE_TIMEOUT.plusSeconds(5).toNanos();
        // One byte of a HELLO every 200 ms: never a whole line, always something.
        while (server.connectionCount() > 0 && System.nanoTime() - startNs < limitNs) {
            try {
                trickler.sendRaw("H");
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(200);
        }
        until("both were closed", () -> server.connectionCount() == 0);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(tookMs >= NameServer.IDLE_TIMEOUT.toMillis() - 500, "closed after the idle time, not before: "
            + tookMs);
        assertClosed(silent);
    }

    @Test
    void theServiceListensOnLoopbackUnlessOpened() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "skipped: this host has no non-loopback IPv4 address to try");
        TransportContext defaults = new TransportContext().nodeName(NodeName.parse("alpha@localhost"))
            .nameServicePort(FreePort.find()).lookupTimeout(TIMEOUT).conclude();
        assertEquals("127.0.0.1", defaults.nameServiceBindAddress());
        try (Registrar alpha = Registrar.start(defaults.nameServiceConfig(), LineClient.COOKIE, "alpha", 42001)) {
            assertTrue(alpha.isServing());
            try (Socket socket = new Socket()) {
                assertThrows(ConnectException.class,
                    () -> socket.connect(new InetSocketAddress(external, defaults.nameServicePort()), 2000));
            }
            SporeException e = assertThrows(SporeException.class, () -> NameServiceClient.lookup(
                external.getHostAddress(), defaults.nameServicePort(), LineClient.COOKIE, "alpha", TIMEOUT));
            assertTrue(e.getMessage().contains("listens on loopback only"), e.getMessage());
        }

        TransportContext open = new TransportContext().nodeName(NodeName.parse("alpha@localhost"))
            .nameServicePort(FreePort.find()).lookupTimeout(TIMEOUT).nameServiceBindAddress("0.0.0.0").conclude();
        try (Registrar alpha = Registrar.start(open.nameServiceConfig(), LineClient.COOKIE, "alpha", 42001)) {
            assertTrue(alpha.isServing());
            assertEquals(OptionalInt.of(42001), NameServiceClient.lookup(external.getHostAddress(),
                open.nameServicePort(), LineClient.COOKIE, "alpha", TIMEOUT));
        }
    }

    @Test
    void aNameHeldByAnotherUserCannotBeTaken() throws Exception {
        String why = AnotherUser.whyNot();
        assumeTrue(why == null, () -> "skipped: " + why);
        int port = FreePort.find();
        // The server is apart from alpha's registrar, so that it stays when alpha leaves.
        assertNotNull(closeLater(NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE)));
        Registrar alpha = closeLater(Registrar.start(config(port), LineClient.COOKIE, "alpha", 42001));
        try (AnotherUser.ReadableCopy classes = AnotherUser.readableCopy(squatterClasses())) {
            List<String> command = new ArrayList<>(AnotherUser.commandPrefix());
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-cp", classes.root().toString(), NameSquatter.class.getName(),
                Integer.toString(port), "the-name-service-test-secret"));
            Process squatter = new ProcessBuilder(command).directory(classes.root().toFile())
                .redirectErrorStream(true).start();
            try {
                BufferedReader from = new BufferedReader(new InputStreamReader(squatter.getInputStream(),
                    StandardCharsets.UTF_8));
                OutputStream to = squatter.getOutputStream();
                assertEquals("ready", from.readLine(), "the squatter holds the cookie, so only its user differs");

                String taken = ask(to, from, "REGISTER alpha 6666");
                assertTrue(taken.startsWith("reply: ERR owned alpha is registered by a node of another user of"
                    + " this host (uid 0)"), taken);
                assertEquals("reply: OK", ask(to, from, "REGISTER nobodys-own 6667"),
                    "another user may still register a free name");

                alpha.close(); // our node leaves: its name stays ours a while
                until("alpha's registration is gone", () -> !NameServiceClient.names("127.0.0.1", port,
                    LineClient.COOKIE, TIMEOUT).containsKey("alpha"));
                String reserved = ask(to, from, "REGISTER alpha 6666");
                assertTrue(reserved.startsWith("reply: ERR owned alpha belongs to another user"), reserved);
                assertEquals(Map.of("nobodys-own", 6667),
                    NameServiceClient.names("127.0.0.1", port, LineClient.COOKIE, TIMEOUT));

                // Our own user gets its name back at once.
                Registrar again = closeLater(Registrar.start(config(port), LineClient.COOKIE, "alpha", 42002));
                assertTrue(again.isRegistered());
                assertEquals(OptionalInt.of(42002), again.lookup("alpha"));
            } finally {
                squatter.getOutputStream().close();
                if (!squatter.waitFor(30, TimeUnit.SECONDS)) {
                    squatter.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aFloodByAnotherUserFromOurOwnAddressLeavesRoomForOurNodes() throws Exception {
        String why = AnotherUser.whyNot();
        assumeTrue(why == null, () -> "skipped: " + why);
        int port = FreePort.find();
        NameServer server = closeLater(NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE));
        assertNotNull(server);
        try (AnotherUser.ReadableCopy classes = AnotherUser.readableCopy(squatterClasses())) {
            List<String> command = new ArrayList<>(AnotherUser.commandPrefix());
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-cp", classes.root().toString(), NameSquatter.class.getName(),
                Integer.toString(port), "flood", "300"));
            Process flooder = new ProcessBuilder(command).directory(classes.root().toFile())
                .redirectErrorStream(true).start();
            try {
                BufferedReader from = new BufferedReader(new InputStreamReader(flooder.getInputStream(),
                    StandardCharsets.UTF_8));
                assertEquals("flooded 300", from.readLine());
                assertTrue(server.connectionCount() <= NameServer.MAX_UNREGISTERED_PER_SOURCE,
                    "the flood holds one source's share: " + server.connectionCount());
                // Our node connects from 127.0.0.1 too; its user is another source.
                try (Registrar newcomer = Registrar.start(config(port), LineClient.COOKIE, "newcomer", 41050)) {
                    assertTrue(newcomer.isRegistered());
                    assertEquals(OptionalInt.of(41050), newcomer.lookup("newcomer"));
                }
            } finally {
                flooder.getOutputStream().close();
                if (!flooder.waitFor(30, TimeUnit.SECONDS)) {
                    flooder.destroyForcibly();
                }
            }
        }
    }

    private static String ask(OutputStream to, BufferedReader from, String request) throws IOException {
        to.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        to.flush();
        return from.readLine();
    }

    /** @return a folder holding the squatter's class file, and nothing of the checkout */
    private Path squatterClasses() throws IOException {
        Path root = Files.createDirectories(dir.resolve("squatter"));
        Path folder = Files.createDirectories(root.resolve("io/spore/transport/naming"));
        try (InputStream in = NameSquatter.class.getResourceAsStream("NameSquatter.class")) {
            Files.copy(in, folder.resolve("NameSquatter.class"));
        }
        return root;
    }


    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    private static void assertClosed(LineClient client) {
        try {
            String line = client.readLine();
            while (line != null && line.startsWith("ERR")) { // a last line may come first
                line = client.readLine();
            }
            assertNull(line, "the server should have closed the connection");
        } catch (SocketException reset) {
            // also closed: a reset because unread bytes were still on their way
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A server on a loopback port that is not the name service: each connection is handed to a script. */
    private static final class FakeServer implements AutoCloseable {
        interface Script {
            void run(InputStream in, OutputStream out, List<String> requests) throws IOException;
        }

        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket listener;

        FakeServer(int port, Script script) throws IOException {
            listener = bind(port);
            Thread thread = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket socket = listener.accept()) {
                        socket.setSoTimeout(5000);
                        script.run(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream(),
                            requests);
                    } catch (IOException e) {
                        // the client left, or the fake closed: next
                    }
                }
            }, "fake-name-server-" + port);
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Binds {@code port}, trying again for a second: the connections of a server that just left hold it for a
         * moment, until their ends have closed too. It polls every millisecond, and nodes every 10 to 100 ms, so the
         * squatter wins the race.
         */
        private static ServerSocket bind(int port) throws IOException {
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (true) {
                ServerSocket socket = new ServerSocket();
                try {
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    return socket;
                } catch (java.net.BindException e) {
                    socket.close();
                    if (System.nanoTime() - deadlineNs > 0) {
                        throw e;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        }

        /** Greets like the name service, then answers the HELLO and every request as if it were one. */
        static void cookieless(InputStream in, OutputStream out, List<String> requests) throws IOException {
            NameServiceProtocol.writeLine(out, "SPORE-NAMES 1 " + "00".repeat(32));
            for (String line = NameServiceProtocol.readLine(in, 1000); line != null;
                 line = NameServiceProtocol.readLine(in, 1000)) {
                requests.add(line);
                NameServiceProtocol.writeLine(out, line.startsWith("HELLO") ? "WELCOME " + "11".repeat(32)
                    : line.startsWith("LOOKUP") ? "PORT 6666 " + "22".repeat(32) : "OK " + "22".repeat(32));
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
