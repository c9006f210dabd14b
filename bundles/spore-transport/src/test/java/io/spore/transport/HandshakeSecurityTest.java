package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.transport.TestCluster.Member;
import io.spore.transport.naming.StaticRoutes;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may talk to a node: only a node with the same cookie, and only in frames that make sense. */
@Timeout(60)
class HandshakeSecurityTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private TestCluster cluster;

    @BeforeEach
    void makeCluster() {
        cluster = new TestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aNodeWithAnotherCookieIsRefusedOnBothSides() throws Exception {
        // A host's name service serves one cookie: the stranger keeps its own, and a reaches it by a static route, so
        // that the handshake itself is what refuses them.
        Path otherCookie = TestCluster.cookieFile(dir.resolve("other").resolve("cookie"), "a-different-secret-of-the-stranger-node");
        Member stranger = cluster.start(cluster.context("stranger").cookieFile(otherCookie)
            .nameServicePort(FreePorts.tcp()));
        Member a = cluster.start(cluster.context("a").staticRoutes(
            StaticRoutes.parse(stranger.name() + "=127.0.0.1:" + stranger.transport().port())));
        BlockingQueue<Object> heardOnA = new LinkedBlockingQueue<>();
        a.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitorNodes(true);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                heardOnA.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        Pid echo = stranger.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        stranger.node().register(Name.of("echo"), echo);

        SporeException refused = assertThrows(SporeException.class,
            () -> a.node().call(Name.of("echo"), stranger.name(), "let me in", FIVE_SECONDS));
        assertEquals(SporeException.Reason.NODE_DOWN, refused.reason());
        Await.until("both sides counted the failed handshake",
            () -> a.transport().counters().failedHandshakes() >= 1
                && stranger.transport().counters().failedHandshakes() >= 1);
        // A second try, at once, is refused without another attempt; a later one fails the same way.
        assertEquals(SporeException.Reason.NODE_DOWN, assertThrows(SporeException.class,
            () -> a.node().call(echo, "again", FIVE_SECONDS)).reason());

        assertTrue(a.node().connectedNodes().isEmpty());
        assertTrue(stranger.node().connectedNodes().isEmpty());
        assertEquals(0, a.transport().counters().connectionsUp());
        assertEquals(0, stranger.transport().counters().connectionsUp());
        assertNull(heardOnA.poll(200, TimeUnit.MILLISECONDS), "no node up, no node down for a stranger");
        long delivered = stranger.node().stats().messagesDelivered();
        a.node().send(echo, "dropped");
        assertEquals(delivered, stranger.node().stats().messagesDelivered());
    }

    @Test
    void malformedAndUnauthenticatedFramesAreDroppedAndCountedAndTheConnectionLivesOn() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("before", a.node().call(echo, "before", FIVE_SECONDS));
        TransportCounters counters = b.transport().counters();
        long malformedBefore = counters.malformedFrames();
        long unauthenticatedBefore = counters.unauthenticatedFrames();
        long downBefore = counters.connectionsDown();
        long delivered = b.node().stats().messagesDelivered();

        // An intruder with an Aeron client of its own publishes straight to b's endpoint.
        try (MediaDriverHost intruder = MediaDriverHost.start(new TransportContext()
                .nodeName(NodeName.parse("intruder@localhost")).maxMessageSize(200 * 1024));
             Aeron aeron = intruder.aeron()) {
            TransportContext channelSettings = new TransportContext().nodeName(NodeName.parse("x@localhost"))
                .maxMessageSize(200 * 1024).termBufferLength(2 * 1024 * 1024).conclude(); // 256 KiB messages
            String channel = Channels.outbound("127.0.0.1", b.transport().port(), channelSettings);
            // Each bad frame comes on a session of its own: b rejects a stranger's session once it has read a frame
            // it cannot use (UnknownSessions), and a rejected image takes no more data, so whether the frames after
            // the first on one session arrive would depend on how fast b reacts.
            IntFunction<ExclusivePublication> session = stream -> aeron.addExclusivePublication(channel, stream);
            int control = TransportContext.DEFAULT_CONTROL_STREAM_ID;
            int data = TransportContext.DEFAULT_DATA_STREAM_ID;
            Random random = new Random(42);
            int malformed = 0;
            for (int i = 0; i < 50; i++) {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                AeronTraffic.send(session.apply(i % 2 == 0 ? control : data), new UnsafeBuffer(garbage));
                malformed++;
            }
            UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
            int length = sendToPid(frame, echo);
            AeronTraffic.send(session.apply(data), new UnsafeBuffer(frame, 0, length - 3)); // truncated
            malformed++;
            AeronTraffic.send(session.apply(data), new UnsafeBuffer(new byte[100 * 1024])); // over b's largest frame
            malformed++;
            AeronTraffic.send(session.apply(data), new UnsafeBuffer(frame, 0, length)); // valid, but from nobody known
            AeronTraffic.send(session.apply(control), new UnsafeBuffer(frame, 0, length));
            int expectedMalformed = malformed;
            Await.until("b counted every bad frame", () -> counters.malformedFrames() - malformedBefore
                >= expectedMalformed - 1 && counters.unauthenticatedFrames() - unauthenticatedBefore >= 2);
        }

        assertEquals(delivered, b.node().stats().messagesDelivered(), "nothing the intruder sent was delivered");
        assertEquals("after", a.node().call(echo, "after", FIVE_SECONDS));
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid here = a.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
        a.node().send(echo, java.util.List.of(here, "still talking"));
        assertEquals("still talking", inbox.poll(5, TimeUnit.SECONDS));
        assertEquals(downBefore, counters.connectionsDown(), "the connection survived");
        assertTrue(a.node().connectedNodes().contains(b.name()));
    }

    /** A well-formed SendToPid frame addressed to {@code to}: only its session is wrong. */
    private static int sendToPid(UnsafeBuffer buffer, Pid to) {
        SendToPidEncoder encoder = new SendToPidEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.sender().id(1).creation(1);
        encoder.target().id(to.id()).creation(to.creation());
        byte[] payload = {1, 0x0A, 5, 'h', 'e', 'l', 'l', 'o'}; // payload format 1: the string "hello"
        encoder.putPayload(payload, 0, payload.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
