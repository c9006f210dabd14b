package io.spore.transport;

import io.aeron.CncFileDescriptor;
import io.aeron.Publication;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.spore.transport.AeronTraffic.receive;
import static io.spore.transport.AeronTraffic.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real media drivers, real UDP, loopback only. */
class MediaDriverHostTest {
    private static final Duration PORT_TIMEOUT = Duration.ofSeconds(5);

    private static TransportContext node(String name) {
        // A small maximum keeps the test's log buffers small; the path is the same as with the default.
        return new TransportContext().nodeName(NodeName.parse(name + "@localhost")).maxMessageSize(64 * 1024)
            .conclude();
    }

    @Test
    @Timeout(60)
    void twoNodesWithEmbeddedDriversTalkOverUdpOnTheControlAndTheDataStream() {
        TransportContext contextA = node("a");
        TransportContext contextB = node("b");
        try (MediaDriverHost a = MediaDriverHost.start(contextA);
             MediaDriverHost b = MediaDriverHost.start(contextB);
             NodeEndpoint endpointA = NodeEndpoint.open(a.aeron(), contextA, PORT_TIMEOUT);
             NodeEndpoint endpointB = NodeEndpoint.open(b.aeron(), contextB, PORT_TIMEOUT);
             Publication controlToB = a.aeron().addPublication(
                 Channels.outbound("127.0.0.1", endpointB.port(), contextA), contextA.controlStreamId());
             Publication dataToB = a.aeron().addPublication(
                 Channels.outbound("127.0.0.1", endpointB.port(), contextA), contextA.dataStreamId());
             Publication controlToA = b.aeron().addPublication(
                 Channels.outbound("127.0.0.1", endpointA.port(), contextB), contextB.controlStreamId())) {

            assertTrue(a.isEmbedded() && b.isEmbedded());
            assertNotEquals(a.aeronDir(), b.aeronDir(), "each embedded driver has its own directory");
            assertNotEquals(endpointA.port(), endpointB.port());

            send(controlToB, "hello on control");
            assertEquals("hello on control", receive(endpointB.control()));
            send(dataToB, "hello on data");
            assertEquals("hello on data", receive(endpointB.data()));
            assertEquals(0, AeronTraffic.drain(endpointB.control()), "data never arrives on the control stream");

            send(controlToA, "and back");
            assertEquals("and back", receive(endpointA.control()));
        }
    }

    @Test
    @Timeout(60)
    void aSecondNodeUsesTheFirstNodesDriverAsAnExternalOne() {
        TransportContext contextA = node("a");
        try (MediaDriverHost a = MediaDriverHost.start(contextA);
             NodeEndpoint endpointA = NodeEndpoint.open(a.aeron(), contextA, PORT_TIMEOUT)) {
            TransportContext contextC = new TransportContext().nodeName(NodeName.parse("c@localhost"))
                .maxMessageSize(64 * 1024).aeronDir(a.aeronDir()).conclude();
            try (MediaDriverHost c = MediaDriverHost.start(contextC);
                 NodeEndpoint endpointC = NodeEndpoint.open(c.aeron(), contextC, PORT_TIMEOUT);
                 Publication toC = a.aeron().addPublication(
                     Channels.outbound("127.0.0.1", endpointC.port(), contextA), contextA.controlStreamId())) {
                assertFalse(c.isEmbedded());
                assertEquals(a.aeronDir(), c.aeronDir());
                assertNotEquals(endpointA.port(), endpointC.port(), "one driver, a socket per node");
                send(toC, "through one shared driver");
                assertEquals("through one shared driver", receive(endpointC.control()));
                assertEquals(0, AeronTraffic.drain(endpointA.control()), "the other node's traffic is not ours");
            }
            // Closing the node that only used the driver leaves it running for its owner.
            try (Publication toA = a.aeron().addPublication(
                Channels.outbound("127.0.0.1", endpointA.port(), contextA), contextA.controlStreamId())) {
                send(toA, "still here");
                assertEquals("still here", receive(endpointA.control()));
            }
        }
    }

    @Test
    @Timeout(60)
    void twoNodesOnASharedDriverCannotShareAPort() {
        // The driver reports the failed bind to its owner's error handler too: expected here, so kept quiet.
        TransportContext contextA = new TransportContext().nodeName(NodeName.parse("a@localhost"))
            .maxMessageSize(64 * 1024).errorHandler(error -> { }).conclude();
        try (MediaDriverHost a = MediaDriverHost.start(contextA);
             NodeEndpoint endpointA = NodeEndpoint.open(a.aeron(), contextA, PORT_TIMEOUT)) {
            TransportContext contextC = new TransportContext().nodeName(NodeName.parse("c@localhost"))
                .maxMessageSize(64 * 1024).aeronDir(a.aeronDir()).port(endpointA.port())
                .errorHandler(error -> { }).conclude();
            try (MediaDriverHost c = MediaDriverHost.start(contextC)) {
                SporeException e = assertThrows(SporeException.class,
                    () -> NodeEndpoint.open(c.aeron(), contextC, PORT_TIMEOUT));
                assertTrue(e.getMessage().contains("choose another port"), e.getMessage());
            }
        }
    }

    @Test
    @Timeout(60)
    void theDefaultTermsAreSmallAndCarryAnEighthOfATermInOneMessage() {
        TransportContext context = new TransportContext().nodeName(NodeName.parse("big@localhost")).conclude();
        try (MediaDriverHost host = MediaDriverHost.start(context);
             NodeEndpoint endpoint = NodeEndpoint.open(host.aeron(), context, PORT_TIMEOUT);
             Publication toSelf = host.aeron().addPublication(
                 Channels.outbound("127.0.0.1", endpoint.port(), context), context.dataStreamId())) {
            assertEquals(TransportContext.DEFAULT_TERM_BUFFER_LENGTH, toSelf.termBufferLength());
            // Longer frames travel in chunks (LargeMessagesTest); the largest Aeron message arrives whole.
            assertEquals(TransportContext.DEFAULT_TERM_BUFFER_LENGTH / 8, toSelf.maxMessageLength());
            byte[] largest = new byte[toSelf.maxMessageLength()];
            new Random(7).nextBytes(largest);
            AeronTraffic.send(toSelf, new UnsafeBuffer(largest));
            byte[] received = AeronTraffic.receiveAssembled(endpoint.data());
            assertArrayEquals(largest, received);
        }
    }

    /** With Aeron's default counters, cnc.dat alone was 48,238,592 bytes of /dev/shm; now 11,538,432. */
    @Test
    @Timeout(30)
    void anEmbeddedDriversCncFileStaysSmall() throws IOException {
        try (MediaDriverHost a = MediaDriverHost.start(node("a"))) {
            long cncBytes = Files.size(a.aeronDir().resolve(CncFileDescriptor.CNC_FILE));
            assertTrue(cncBytes <= 12L * 1024 * 1024, "cnc.dat is " + cncBytes + " bytes");
        }
    }

    @Test
    @Timeout(30)
    void closingAnEmbeddedDriverDeletesItsDirectoryAndIsIdempotent() {
        MediaDriverHost a = MediaDriverHost.start(node("a"));
        Path dir = a.aeronDir();
        assertTrue(Files.isDirectory(dir));
        a.close();
        assertFalse(Files.exists(dir), dir + " should be gone");
        a.close();
    }

    @Test
    @Timeout(30)
    void anExternalDirectoryWithoutADriverIsRefusedAtOnce(@TempDir Path empty) {
        TransportContext context = new TransportContext().nodeName(NodeName.parse("c@localhost")).aeronDir(empty)
            .driverTimeout(Duration.ofMillis(500));
        SporeException e = assertThrows(SporeException.class, () -> MediaDriverHost.start(context));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("no Aeron media driver is running in " + empty), e.getMessage());
    }

    /** A driver in INVOKER mode has no thread: only a transport runs it, so a host alone refuses that mode. */
    @Test
    @Timeout(30)
    void anEmbeddedDriverInInvokerModeIsRefusedOutsideATransport() {
        TransportContext context = new TransportContext().nodeName(NodeName.parse("c@localhost"))
            .threadingMode(io.aeron.driver.ThreadingMode.INVOKER);
        SporeException e = assertThrows(SporeException.class, () -> MediaDriverHost.start(context));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("INVOKER mode is run by a transport's threads"), e.getMessage());
    }

    @Test
    @Timeout(60)
    void aTakenUdpPortIsReportedWithWhatToDo() throws SocketException {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            List<Throwable> driverErrors = new CopyOnWriteArrayList<>();
            TransportContext context = new TransportContext().nodeName(NodeName.parse("a@localhost"))
                .maxMessageSize(64 * 1024).port(taken.getLocalPort()).errorHandler(driverErrors::add).conclude();
            try (MediaDriverHost a = MediaDriverHost.start(context)) {
                SporeException e = assertThrows(SporeException.class,
                    () -> NodeEndpoint.open(a.aeron(), context, PORT_TIMEOUT));
                assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
                assertTrue(e.getMessage().contains("choose another port"), e.getMessage());
                assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
                Await.until("the driver told the injected error handler", () -> !driverErrors.isEmpty());
            }
        }
    }
}
