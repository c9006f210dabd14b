package io.spore.transport.naming;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketException;

import static io.spore.testsupport.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class NameServerTest {
    private NameServer server;
    private int port;

    @BeforeEach
    void serve() throws IOException {
        port = FreePort.find();
        server = NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE);
        assertNotNull(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registerLookUpListAndUnregister() throws IOException {
        try (LineClient node = new LineClient(port); LineClient asker = new LineClient(port)) {
            assertEquals("OK", node.ask("REGISTER alpha 40001"));
            assertEquals("OK", node.ask("REGISTER beta 40002"));
            assertEquals("PORT 40001", asker.ask("LOOKUP alpha"));
            assertEquals("NAMES alpha=40001 beta=40002", asker.ask("NAMES"));
            assertEquals("OK", node.ask("REGISTER alpha 40003"), "the holder may move its own name");
            assertEquals("PORT 40003", asker.ask("LOOKUP alpha"));
            assertEquals("OK", node.ask("UNREGISTER beta"));
            assertTrue(asker.ask("LOOKUP beta").startsWith("ERR unknown"));
        }
    }

    @Test
    void aNameBelongsToItsConnectionAndGoesWithIt() throws IOException {
        try (LineClient asker = new LineClient(port)) {
            try (LineClient node = new LineClient(port)) {
                assertEquals("OK", node.ask("REGISTER alpha 40001"));
                try (LineClient other = new LineClient(port)) {
                    String reply = other.ask("REGISTER alpha 40009");
                    assertTrue(reply.startsWith("ERR taken alpha is registered by another live node"), reply);
                    assertTrue(other.ask("UNREGISTER alpha").startsWith("ERR unknown"), "only its holder may");
                }
            }
            until("the closed connection's name is gone", () -> server.names().isEmpty());
            assertTrue(asker.ask("LOOKUP alpha").startsWith("ERR unknown"));
        }
    }

    @Test
    void badRequestsGetAnErrorLineAndTheServerCarriesOn() throws IOException {
        try (LineClient client = new LineClient(port)) {
            assertEquals("ERR unknown no node named nobody on this host", client.ask("LOOKUP nobody"));
            assertTrue(client.ask("HELLO").startsWith("ERR malformed"));
            assertTrue(client.ask("REGISTER alpha").startsWith("ERR malformed"));
            assertTrue(client.ask("REGISTER al/pha 4000").startsWith("ERR malformed"));
            assertTrue(client.ask("REGISTER alpha 70000").startsWith("ERR malformed"));
            assertTrue(client.ask("").startsWith("ERR malformed"));
            assertEquals("OK", client.ask("REGISTER alpha 4000\r"), "a CRLF line end is fine");
        }
        until("the name went with its connection", () -> server.names().isEmpty());
    }

    @Test
    void aClientThatFloodsIsCutOffAndOthersAreServed() throws IOException {
        try (LineClient node = new LineClient(port); LineClient flooder = new LineClient(port)) {
            assertEquals("OK", node.ask("REGISTER alpha 40001"));
            flooder.sendRaw("LOOKUP " + "x".repeat(10_000));
            String reply = flooder.readLine();
            assertTrue(reply.startsWith("ERR too-long"), reply);
            assertClosed(flooder);

            try (LineClient asker = new LineClient(port)) {
                assertEquals("PORT 40001", asker.ask("LOOKUP alpha"));
            }
        }
    }

    @Test
    void aConnectionHoldsAFewNamesOnly() throws IOException {
        try (LineClient greedy = new LineClient(port)) {
            for (int i = 0; i < NameServer.MAX_NAMES_PER_CONNECTION; i++) {
                assertEquals("OK", greedy.ask("REGISTER n" + i + " " + (40000 + i)));
            }
            assertTrue(greedy.ask("REGISTER one-more 40100").startsWith("ERR limit"));
            assertEquals("OK", greedy.ask("REGISTER n0 40200"), "moving a name it holds is still fine");
            assertEquals(NameServer.MAX_NAMES_PER_CONNECTION, server.names().size());
        }
    }

    @Test
    void aClientThatKeepsFailingIsCutOff() throws IOException {
        try (LineClient client = new LineClient(port)) {
            String reply = "";
            for (int i = 0; i < NameServer.MAX_ERRORS; i++) {
                reply = client.ask("NONSENSE " + i);
            }
            assertTrue(reply.startsWith("ERR too-many-errors"), reply);
            assertClosed(client);
        }
        try (LineClient asker = new LineClient(port)) {
            assertTrue(asker.ask("NAMES").startsWith("NAMES"));
        }
    }

    @Test
    void aTakenPortIsNotServedTwice() throws IOException {
        assertNull(NameServer.tryServe("127.0.0.1", port, LineClient.COOKIE));
    }

    @Test
    void closingTheServerClosesItsConnections() throws IOException {
        try (LineClient node = new LineClient(port)) {
            assertEquals("OK", node.ask("REGISTER alpha 40001"));
            server.close();
            assertClosed(node);
        }
    }

    private static void assertClosed(LineClient client) {
        try {
            assertNull(client.readLine(), "the server should have closed the connection");
        } catch (SocketException reset) {
            // also closed: a reset because unread bytes were still on their way
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
