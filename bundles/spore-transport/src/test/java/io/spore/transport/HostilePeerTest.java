package io.spore.transport;

import io.spore.testsupport.Await;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.transport.TestCluster.Member;
import io.spore.wire.PayloadFormat;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node under attack by a real peer: a node that holds the cookie and sends frames no Spore node would, and a
 * stranger with an Aeron client of its own. After each attack the node still answers a remote call.
 */
@Timeout(120)
class HostilePeerTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The largest message the nodes of these tests accept: room for the 1 MiB attacks. */
    private static final int MAX_MESSAGE = 2 * 1024 * 1024;

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

    private Member start(String name) {
        return cluster.start(cluster.context(name).maxMessageSize(MAX_MESSAGE));
    }

    /** Nested tags of every kind that nests, in SendToPid frames from an authenticated peer: dropped and counted. */
    @Test
    void nestedTagsOfEveryKindAreDroppedAndTheNodeCarriesOn() {
        Member hostile = start("hostile");
        Member target = start("target");
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", hostile.node().call(echo, "up", CALL_TIMEOUT));
        TransportCounters counters = target.transport().counters();
        long malformed = counters.malformedFrames();

        List<byte[]> bombs = new ArrayList<>();
        for (byte tag : new byte[]{PayloadFormat.DOWN, PayloadFormat.EXIT}) {
            byte[] bomb = new byte[200_000];
            Arrays.fill(bomb, tag);
            bomb[0] = PayloadFormat.VERSION;
            bombs.add(bomb);
        }
        for (byte tag : new byte[]{PayloadFormat.LIST, PayloadFormat.SET, PayloadFormat.MAP}) {
            ByteBuffer bomb = ByteBuffer.allocate(200_000).put(PayloadFormat.VERSION);
            while (bomb.remaining() >= 2) {
                bomb.put(tag).put((byte) 1);
            }
            bombs.add(bomb.array());
        }
        for (byte[] bomb : bombs) {
            sendRaw(hostile, target, PeerPublications.DATA, sendToPid(echo, bomb));
        }
        Await.until("every bomb was dropped as malformed",
            () -> counters.malformedFrames() - malformed >= bombs.size());
        assertEquals("still here", hostile.node().call(echo, "still here", CALL_TIMEOUT));
        assertEquals(0, counters.errors(), counters.toString());
    }

    /** 1 MiB of map keys sharing one hash code: refused at once, not n² equality tests on the receive path. */
    @Test
    void oneMebibyteOfCollidingKeysIsRefusedAtOnce() {
        Member hostile = start("hostile");
        Member target = start("target");
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", hostile.node().call(echo, "up", CALL_TIMEOUT));
        TransportCounters counters = target.transport().counters();
        long malformed = counters.malformedFrames();

        int keys = (1 << 20) / 12;
        ByteBuffer flood = ByteBuffer.allocate(1 << 20).put(PayloadFormat.VERSION).put(PayloadFormat.MAP);
        putVarint(flood, keys);
        for (int a = 1; a <= keys && flood.remaining() >= 24; a++) {
            flood.put(PayloadFormat.LIST).put((byte) 2);
            putInt(flood, a);
            putInt(flood, -31 * a); // [a, -31a] hashes to 961 for every a
            flood.put(PayloadFormat.NULL);
        }
        sendRaw(hostile, target, PeerPublications.DATA, sendToPid(echo, Arrays.copyOf(flood.array(),
            flood.position())));
        Await.until("the flood was dropped", () -> counters.malformedFrames() > malformed);
        assertEquals("still here", hostile.node().call(echo, "still here", CALL_TIMEOUT));
    }

    /**
     * A bug deep in the receive path that throws an Error (here a StackOverflowError from the node's delivery) drops
     * that one frame and is counted; the receiving thread lives on, and so does the connection.
     */
    @Test
    void anErrorWhileHandlingAFrameDropsThatFrameOnly() {
        Member hostile = start("hostile");
        SporeNode node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("target@localhost"))
            .workerThreads(2));
        StallingRuntime breaking = new StallingRuntime(node);
        Member target = cluster.start(cluster.context("target").maxMessageSize(MAX_MESSAGE), node, breaking);
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", hostile.node().call(echo, "up", CALL_TIMEOUT));
        breaking.explodeOn("boom");
        TransportCounters counters = target.transport().counters();
        long errors = counters.errors();

        for (int i = 0; i < 100; i++) {
            hostile.node().send(echo, "boom");
        }
        Await.until("each exploding frame was counted", () -> counters.errors() - errors >= 100);
        assertEquals("still here", hostile.node().call(echo, "still here", CALL_TIMEOUT));
        assertTrue(transportThreadAlive("target@localhost"), "the transport's receiving thread lives on");
    }

    /**
     * Should the receiving thread end anyway (an Error outside any frame's handling: here while a silent peer is
     * declared down), the transport does not run on deaf: it logs why and runs its fail-stop action, which inside
     * OSGi stops the node and makes {@code spore node} exit non-zero.
     */
    @Test
    void whenTheReceivingThreadEndsTheTransportFailsStop() throws Exception {
        SporeNode node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("target@localhost"))
            .workerThreads(2));
        StallingRuntime breaking = new StallingRuntime(node);
        java.util.concurrent.CompletableFuture<String> failStop = new java.util.concurrent.CompletableFuture<>();
        Member target = cluster.start(cluster.context("target").failStop(failStop::complete), node, breaking);
        SporeNode silentNode = SporeNode.start(new NodeContext().nodeName(NodeName.parse("silent@localhost"))
            .workerThreads(2));
        StallingRuntime silencing = new StallingRuntime(silentNode);
        Member silent = cluster.start(cluster.context("silent"), silentNode, silencing);
        Pid sink = silent.node().spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        target.node().send(sink, "hello");
        Await.until("connected", () -> silent.node().stats().messagesDelivered() >= 1);
        breaking.explodeOnNodeDown();

        silencing.stall(); // the silent node's receiver blocks on the next message, and so stops its heartbeats
        target.node().send(sink, "stall");
        String why = failStop.get(30, java.util.concurrent.TimeUnit.SECONDS);
        silencing.release();
        assertTrue(why.contains("receiving thread ended") && why.contains("OutOfMemoryError"), why);
        Await.until("the receiving thread is gone", () -> !transportThreadAlive("target@localhost"));
    }

    /**
     * A process that stops taking messages while a peer streams 64 KiB messages at it (up to 1 GiB): once its
     * mailbox limit is reached the node stops reading that peer's data, the sender meets {@code BACK_PRESSURED}, and
     * the heap does not grow with the stream. Once the process takes its messages, reading resumes. The messages
     * take the large-message stream; with an invoked driver, whose socket reads pause long enough to lose datagrams
     * on loopback, that stream once dropped out 5 s into the stall and lost a message ({@link QuarterTermFlowControl}).
     */
    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "INVOKER"})
    void aStalledConsumerBackPressuresItsSenderInsteadOfGrowingTheHeap(ThreadingMode threading) throws Exception {
        Member sender = cluster.start(cluster.context("sender").maxMessageSize(128 * 1024).threadingMode(threading));
        Member target = cluster.start(cluster.context("target").maxMessageSize(128 * 1024).threadingMode(threading));
        java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger taken = new AtomicInteger();
        Pid slow = target.node().spawn(() -> (ctx, from, message) -> {
            try {
                stalled.await(60, java.util.concurrent.TimeUnit.SECONDS); // blocks one worker: a stalled consumer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            taken.incrementAndGet();
        }, ProcessOptions.DEFAULTS.withMailboxLimit(100));
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", sender.node().call(echo, "up", CALL_TIMEOUT));
        long heapBefore = usedHeapAfterGc();

        byte[] chunk = new byte[64 * 1024];
        long offered = 0;
        int backPressured = 0;
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (offered < (1L << 30) && backPressured < 5 && System.nanoTime() - deadlineNs < 0) {
            try {
                sender.node().send(slow, chunk);
                offered += chunk.length;
            } catch (io.spore.api.SporeException e) {
                assertEquals(io.spore.api.SporeException.Reason.BACK_PRESSURED, e.reason(), e.getMessage());
                backPressured++;
            }
        }
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        assertEquals(5, backPressured, "the sender was back-pressured after " + offered + " bytes");
        assertTrue(offered < 256L * 1024 * 1024, "the node took " + offered + " bytes before it pushed back");
        assertTrue(heapGrowth < 128L * 1024 * 1024, "the heap grew by " + heapGrowth + " bytes");
        assertTrue(target.transport().counters().readPauses() >= 1, target.transport().counters().toString());
        // Calls travel on the control stream, which is still read: a full process refuses them at once.
        Member other = cluster.start(cluster.context("other"));
        io.spore.api.SporeException refused = org.junit.jupiter.api.Assertions.assertThrows(
            io.spore.api.SporeException.class, () -> other.node().call(slow, "are you there?", CALL_TIMEOUT));
        assertEquals(io.spore.api.SporeException.Reason.BACK_PRESSURED, refused.reason(), refused.getMessage());

        stalled.countDown();
        Await.until("the process took what waited", () -> taken.get() > 0);
        sender.node().send(slow, "after");
        long sentMessages = offered / chunk.length + 1;
        Await.until("the sender's data is read again", Duration.ofSeconds(30), () -> taken.get() >= sentMessages);
        assertEquals("still here", sender.node().call(echo, "still here", CALL_TIMEOUT));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * A stranger that never shook hands sends one 16 MiB message, fragmented (its own term length allows it): the
     * node stops assembling it at its largest frame, counts it, and allocates far less than the message while doing
     * so; the stranger's session is then rejected.
     */
    @Test
    void aSixteenMebibyteMessageFromAStrangerIsDroppedAtTheLimit() throws Exception {
        Member target = cluster.start(cluster.context("target")); // 64 KiB messages
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        TransportCounters counters = target.transport().counters();
        long allocatedBefore = transportThreadAllocated("target@localhost");

        try (Stranger stranger = new Stranger(dir.resolve("stranger"))) {
            ExclusivePublication big = stranger.publication(target.transport().port(),
                TransportContext.DEFAULT_DATA_STREAM_ID, 128 * 1024 * 1024);
            assertEquals(16 * 1024 * 1024, big.maxMessageLength());
            byte[] message = new byte[16 * 1024 * 1024];
            new Random(7).nextBytes(message);
            AeronTraffic.send(big, new UnsafeBuffer(message));
            Await.until("the oversized message was dropped", Duration.ofSeconds(30),
                () -> counters.oversizedMessages() >= 1);
            Await.until("the stranger's session was rejected", Duration.ofSeconds(30),
                () -> counters.rejectedSessions() >= 1);
        }
        long allocated = transportThreadAllocated("target@localhost") - allocatedBefore;
        assertTrue(allocated < 4 * 1024 * 1024, "receiving 16 MiB from a stranger allocated " + allocated
            + " bytes on the receiving thread");

        Member caller = cluster.start(cluster.context("caller"));
        assertEquals("still here", caller.node().call(echo, "still here", CALL_TIMEOUT));
    }

    /**
     * A stranger that writes to the large-message stream alone, with no handshake on the control stream: its frame is
     * dropped and its session rejected, as on the other streams, and the node carries on.
     */
    @Test
    void aStrangerOnTheLargeMessageStreamIsRejected() throws Exception {
        Member target = cluster.start(cluster.context("target"));
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        TransportCounters counters = target.transport().counters();
        try (Stranger stranger = new Stranger(dir.resolve("stranger"))) {
            ExclusivePublication large = stranger.publication(target.transport().port(),
                TransportContext.DEFAULT_LARGE_STREAM_ID, 0);
            byte[] frame = new byte[1000];
            new Random(3).nextBytes(frame);
            AeronTraffic.send(large, new UnsafeBuffer(frame));
            Await.until("the stranger's frame was dropped", Duration.ofSeconds(30),
                () -> counters.malformedFrames() + counters.unauthenticatedFrames() >= 1);
            Await.until("the stranger's session was rejected", Duration.ofSeconds(30),
                () -> counters.rejectedSessions() >= 1);
        }
        Member caller = cluster.start(cluster.context("caller"));
        assertEquals("still here", caller.node().call(echo, "still here", CALL_TIMEOUT));
        assertEquals(0, counters.errors(), counters.toString());
    }

    /**
     * 10,000 Hellos and Challenges from strangers on a few sessions while one node restarts and reconnects: the two
     * nodes still connect. Each Hello names a third address; nothing is ever sent there.
     */
    @Test
    void hellosAndChallengesFromStrangersDoNotKeepTwoNodesApart() throws Exception {
        Member target = start("target");
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Member first = start("peer");
        assertEquals("up", first.node().call(echo, "up", CALL_TIMEOUT));
        TransportCounters counters = target.transport().counters();
        long unauthenticated = counters.unauthenticatedFrames() + counters.refusedHandshakes();

        try (DatagramSocket thirdAddress = new DatagramSocket(new InetSocketAddress(
                 InetAddress.getByName("127.0.0.2"), 0));
             Stranger stranger = new Stranger(dir.resolve("stranger"))) {
            thirdAddress.setSoTimeout(100);
            List<ExclusivePublication> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sessions.add(stranger.publication(target.transport().port(),
                    TransportContext.DEFAULT_CONTROL_STREAM_ID, 0));
            }
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            String third = "127.0.0.2:" + thirdAddress.getLocalPort();
            Thread flood = new Thread(() -> floodHandshakes(sessions, third, flooding, sent), "hello-flood");
            flood.start();
            try {
                first.close();
                Member again = start("peer");
                assertEquals("again", again.node().call(echo, "again", CALL_TIMEOUT));
                Await.until("the flood was sent", Duration.ofSeconds(60), () -> sent.get() >= 10_000);
            } finally {
                flooding.set(false);
                flood.join(10_000);
            }
            byte[] datagram = new byte[2048];
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() - deadlineNs < 0) {
                try {
                    thirdAddress.receive(new DatagramPacket(datagram, datagram.length));
                    throw new AssertionError("the node sent a datagram to the third address a Hello named");
                } catch (SocketTimeoutException expected) {
                    // nothing arrived in this slice
                }
            }
        }
        assertTrue(counters.unauthenticatedFrames() + counters.refusedHandshakes() > unauthenticated,
            counters.toString());
        assertEquals("still here", start("late").node().call(echo, "still here", CALL_TIMEOUT));
    }

    private static void floodHandshakes(List<ExclusivePublication> sessions, String endpoint, AtomicBoolean flooding,
                                        AtomicInteger sent) {
        FrameWriter writer = new FrameWriter(new io.spore.wire.TypeRegistry(), 64 * 1024,
            new org.agrona.concurrent.BusySpinIdleStrategy(), new Tally());
        Random random = new Random(12);
        byte[] nonce = new byte[io.spore.wire.HandshakeProof.NONCE_LENGTH];
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; i < 10_000 && flooding.get() && System.nanoTime() - deadlineNs < 0; ) {
            random.nextBytes(nonce);
            NodeName name = NodeName.parse("stranger-" + random.nextInt(100) + "@localhost");
            int length = i % 2 == 0
                ? writer.hello(name, random.nextInt(), 1024, nonce, endpoint)
                : writer.challenge(name, random.nextInt(), 1024, nonce, endpoint);
            Publication session = sessions.get(i % sessions.size());
            long result = session.offer(writer.buffer(), 0, length);
            if (result > 0 || result == Publication.CLOSED || result == Publication.NOT_CONNECTED) {
                i++; // a rejected session takes no more: the flood goes on on the others
                sent.incrementAndGet();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    // ---- a stranger's own media driver, and raw frames ----

    /** An Aeron client of its own, with no cookie. */
    private static final class Stranger implements AutoCloseable {
        private final MediaDriver driver;
        private final Aeron aeron;

        Stranger(Path dir) {
            driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir.toString())
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true)
                .threadingMode(io.aeron.driver.ThreadingMode.SHARED)
                .sharedIdleStrategy(new org.agrona.concurrent.BackoffIdleStrategy()));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir.toString()));
        }

        /** @param termLength the publication's term length, or 0 for the driver's default */
        ExclusivePublication publication(int port, int streamId, int termLength) {
            String channel = "aeron:udp?endpoint=127.0.0.1:" + port + "|sparse=true"
                + (termLength > 0 ? "|term-length=" + termLength : "");
            return aeron.addExclusivePublication(channel, streamId);
        }

        @Override
        public void close() {
            aeron.close();
            driver.close();
        }
    }

    /** Offers a frame through the hostile node's own, authenticated session to {@code to}. */
    private static void sendRaw(Member from, Member to, int stream, byte[] frame) {
        Association connection = from.transport().connection(to.name());
        assertNotNull(connection, "connected");
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        long deadlineNs = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (connection.publications().offer(stream, buffer, 0, frame.length) < 0) {
            assertTrue(System.nanoTime() - deadlineNs < 0, "the frame was not taken");
            Thread.onSpinWait();
        }
    }

    /** A SendToPid frame to {@code to} whose payload is {@code payload}, whatever it holds. */
    private static byte[] sendToPid(Pid to, byte[] payload) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[payload.length + 256]);
        SendToPidEncoder encoder = new SendToPidEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.sender().id(1).creation(1);
        encoder.target().id(to.id()).creation(to.creation());
        encoder.putPayload(payload, 0, payload.length);
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private static void putInt(ByteBuffer into, int value) {
        into.put(PayloadFormat.INT);
        putVarint(into, ((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
    }

    private static void putVarint(ByteBuffer into, long value) {
        while ((value & ~0x7FL) != 0) {
            into.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        into.put((byte) value);
    }

    private static Thread transportThread(String node) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals("spore-transport-" + node)).findFirst().orElse(null);
    }

    private static boolean transportThreadAlive(String node) {
        Thread thread = transportThread(node);
        return thread != null && thread.isAlive();
    }

    private static long transportThreadAllocated(String node) {
        Thread thread = transportThread(node);
        assertNotNull(thread, "the transport thread of " + node);
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getThreadAllocatedBytes(thread.getId());
    }
}
