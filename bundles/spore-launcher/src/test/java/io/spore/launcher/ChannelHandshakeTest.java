package io.spore.launcher;

import io.spore.testsupport.TcpRelay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node-manager channel's handshake over real loopback sockets: the same token gives a sealed channel both ways
 * and nothing readable on the wire; a wrong token, a changed handshake byte, another protocol version, an older
 * Spore's JSON hello, garbage, an oversized length and a peer that drips bytes are each refused with a reason, on
 * the side that notices and (through an alert) on the other.
 */
class ChannelHandshakeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String TOKEN = "q3bA1uJzv5mH0yX8c2Lw9eRt4sKp7nGd6fVh0iOj1kQ";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    /** A creator's side, run on another thread, on a fresh loopback port. */
    private CompletableFuture<SealedChannel> creator(ServerSocket server, String token, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = server.accept();
                resources.add(socket);
                return ChannelHandshake.asCreator(socket, token, System.nanoTime() + timeoutMs * 1_000_000);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    private ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket(0, 4, LOOPBACK);
        resources.add(server);
        return server;
    }

    private SealedChannel node(int port, String token) throws IOException {
        Socket socket = new Socket(LOOPBACK, port);
        resources.add(socket);
        return ChannelHandshake.asNode(socket, token, "n1@localhost", System.nanoTime() + 5_000_000_000L);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(10, TimeUnit.SECONDS)
            .join());
        return e.getCause();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void theSameTokenGivesASealedChannelAndNothingReadableOnTheWire() throws Exception {
        ServerSocket server = listen();
        TcpRelay relay = TcpRelay.recording(() -> new InetSocketAddress(LOOPBACK, server.getLocalPort()));
        resources.add(relay);
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 5_000);
        SealedChannel node = node(relay.port(), TOKEN);
        SealedChannel creator = creatorSide.get(10, TimeUnit.SECONDS);
        assertEquals("n1@localhost", creator.peerName());

        byte[] secret = "the bundle's bytes, class io.spore.secret.Thing".getBytes(StandardCharsets.UTF_8);
        creator.send(secret);
        assertArrayEquals(secret, node.receive());
        node.send("a reply".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("a reply".getBytes(StandardCharsets.UTF_8), creator.receive());
        node.close();
        creator.close();

        byte[] both = (new String(relay.upstream(), StandardCharsets.ISO_8859_1)
            + new String(relay.downstream(), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(both.length > 200, "the relay saw the traffic: " + relay.events());
        assertFalse(contains(both, TOKEN.getBytes(StandardCharsets.UTF_8)), "the token never travels");
        assertFalse(contains(both, Base64.getUrlDecoder().decode(TOKEN)), "nor its bytes");
        assertFalse(contains(both, "io.spore.secret".getBytes(StandardCharsets.UTF_8)), "the content is sealed");
        assertFalse(contains(both, "a reply".getBytes(StandardCharsets.UTF_8)), "both ways");
        assertTrue(contains(both, "n1@localhost".getBytes(StandardCharsets.UTF_8)),
            "the node's name is in the clear hello, as on its command line");
    }

    @Test
    void aWrongTokenIsRefusedOnBothSides() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 5_000);
        ChannelException atNode = assertThrows(ChannelException.class, () -> node(server.getLocalPort(),
            "guessed-token"));
        assertTrue(atNode.getMessage().startsWith("the creator's proof does not match the token on this node's"
            + " standard input"), atNode.getMessage());
        Throwable atCreator = failureOf(creatorSide);
        assertTrue(atCreator instanceof ChannelException, atCreator.toString());
        assertTrue(atCreator.getMessage().startsWith("the node gave up the handshake: the creator's proof does not"
            + " match"), atCreator.getMessage());
    }

    @Test
    void aNodeWithoutTheTokenCannotProveItEvenIfItIgnoresTheCreatorsProof() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 5_000);
        try (Socket socket = new Socket(LOOPBACK, server.getLocalPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(ChannelHandshake.VERSION).encode());
            ChannelFrame serverHello = ChannelFrame.read(socket.getInputStream());
            ChannelFrame proof = ChannelFrame.read(socket.getInputStream());
            assertEquals(ChannelFrame.SERVER_HELLO, serverHello.type());
            assertEquals(ChannelFrame.CREATOR_PROOF, proof.type());
            // Replaying the creator's own proof, the only token-bound bytes such a stranger has, does not pass.
            out.write(new ChannelFrame(ChannelFrame.NODE_PROOF, proof.body()).encode());
            ChannelFrame alert = ChannelFrame.read(socket.getInputStream());
            assertEquals(ChannelFrame.ALERT, alert.type());
            assertTrue(alert.alertText().startsWith("the node's proof does not match the token"), alert.alertText());
        }
        assertTrue(failureOf(creatorSide).getMessage().startsWith("the node's proof does not match the token this"
            + " creator wrote"));
    }

    @Test
    void aHandshakeByteChangedInTransitIsRefusedOnBothSides() throws Exception {
        // Byte 20 of what the creator sends is in its nonce: the hello still parses, the transcripts differ.
        ServerSocket server = listen();
        TcpRelay relay = TcpRelay.tampering(() -> new InetSocketAddress(LOOPBACK, server.getLocalPort()), 20);
        resources.add(relay);
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 5_000);
        ChannelException atNode = assertThrows(ChannelException.class, () -> node(relay.port(), TOKEN));
        assertTrue(atNode.getMessage().startsWith("the creator's proof does not match"), atNode.getMessage());
        assertTrue(failureOf(creatorSide).getMessage().startsWith("the node gave up the handshake: the creator's"
            + " proof does not match"));
        assertTrue(relay.events().contains("flipped downstream byte 20"), relay.events().toString());
    }

    @Test
    void anotherProtocolVersionIsToldBothVersions() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 5_000);
        try (Socket socket = new Socket(LOOPBACK, server.getLocalPort())) {
            socket.getOutputStream().write(clientHello(2).encode());
            ChannelFrame alert = ChannelFrame.read(socket.getInputStream());
            assertEquals("the node speaks manager protocol 2 and this creator 1: run the same Spore version on both"
                + " hosts", alert.alertText());
        }
        assertEquals("the node speaks manager protocol 2 and this creator 1: run the same Spore version on both"
            + " hosts", failureOf(creatorSide).getMessage());
    }

    @Test
    void anOlderSporesJsonHelloGetsAJsonRefusalItCanPrint() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 5_000);
        try (Socket socket = new Socket(LOOPBACK, server.getLocalPort())) {
            socket.getOutputStream().write("{\"type\":\"hello\",\"token\":\"old\"}\n".getBytes(StandardCharsets.UTF_8));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
            ManagerMessage refused = Json.read(line, ManagerMessage.class);
            assertEquals("refused", refused.type());
            assertTrue(refused.error().startsWith("this creator speaks the sealed manager protocol 1"), line);
        }
        assertTrue(failureOf(creatorSide) instanceof ChannelFrame.OldProtocolException);
    }

    @Test
    void aCreatorThatHangsUpOnTheGreetingIsTakenForAnOlderSpore() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<Void> olderCreator = CompletableFuture.runAsync(() -> {
            // An older creator reads what came (buffered, looking for a line end), cannot parse it, and closes.
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(500);
                byte[] buffer = new byte[8192];
                while (socket.getInputStream().read(buffer) >= 0) {
                    // Until its timeout (or a random byte of the greeting that looks like a line end).
                }
            } catch (java.net.SocketTimeoutException e) {
                // It gives up on the line, as an older creator's socket timeout makes it.
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        ChannelException e = assertThrows(ChannelException.class, () -> node(server.getLocalPort(), TOKEN));
        assertEquals("the creator closed the connection without answering the greeting (a creator of a Spore from"
            + " before the sealed channel does: run the same Spore version on both hosts)", e.getMessage());
        olderCreator.get(10, TimeUnit.SECONDS);
    }

    @Test
    void garbageAndOversizedLengthsAreRefusedAtOnce() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<SealedChannel> garbageSide = creator(server, TOKEN, 5_000);
        try (Socket socket = new Socket(LOOPBACK, server.getLocalPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(failureOf(garbageSide).getMessage().startsWith("not a Spore node-manager frame (type byte"
                + " 0x47)"));
        }
        CompletableFuture<SealedChannel> oversizedSide = creator(server, TOKEN, 5_000);
        try (Socket socket = new Socket(LOOPBACK, server.getLocalPort())) {
            byte[] header = new byte[ChannelFrame.HEADER_LENGTH];
            ChannelFrame.header(ChannelFrame.CLIENT_HELLO, Integer.MAX_VALUE, header);
            socket.getOutputStream().write(header);
            assertEquals("a client hello frame of 2147483647 bytes, more than the 512 it may have",
                failureOf(oversizedSide).getMessage());
        }
    }

    @Test
    void aPeerThatDripsBytesIsCutOffAtTheDeadline() throws Exception {
        ServerSocket server = listen();
        CompletableFuture<SealedChannel> creatorSide = creator(server, TOKEN, 1_000);
        long startNs = System.nanoTime();
        try (Socket socket = new Socket(LOOPBACK, server.getLocalPort())) {
            byte[] hello = clientHello(ChannelHandshake.VERSION).encode();
            OutputStream out = socket.getOutputStream();
            // One byte every 100 ms: each read gets something, only the handshake's own deadline stops it.
            for (int i = 0; i < 60 && !creatorSide.isDone(); i++) {
                out.write(hello[i]);
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException e) {
            // The creator closed the connection under us: what is wanted.
        }
        assertEquals("the handshake with the node was not done in time: the peer sent too little, too slowly",
            failureOf(creatorSide).getMessage());
        long tookMs = (System.nanoTime() - startNs) / 1_000_000;
        assertTrue(tookMs < 4_000, "cut off near its 1 s deadline, not per read (6 s of drip): " + tookMs + " ms");
    }

    /** A well-formed client hello of a stranger who does not know the token. */
    private static ChannelFrame clientHello(int version) {
        byte[] name = "evil@localhost".getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(8 + 2 + 32 + 32 + 1 + name.length);
        body.put("SPOREMGR".getBytes(StandardCharsets.US_ASCII)).putShort((short) version).put(new byte[32]);
        body.put(ChannelX25519.encode(ChannelX25519.generate(new java.security.SecureRandom())));
        body.put((byte) name.length).put(name);
        return new ChannelFrame(ChannelFrame.CLIENT_HELLO, body.array());
    }
}
