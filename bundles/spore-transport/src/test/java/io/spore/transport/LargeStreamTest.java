package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large messages on their own stream ({@link LargeLane}, {@link LargeStream}) between two real transports over Aeron
 * UDP, sealed: a 50 MiB message arrives whole and does not delay what other processes send after it; one process's
 * messages keep their order across the switches between streams; the stream closes when idle and opens again; a peer
 * that does not read it, or a stream that does not open, gets large messages on the other streams; and a message over a
 * node's limit is refused with both sizes named.
 */
@Timeout(300)
class LargeStreamTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;
    private static final int FIFTY_MIB = 50 * 1024 * 1024;

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

    private Member start(String name, Duration idle) {
        return cluster.start(context(name, idle));
    }

    private TransportContext context(String name, Duration idle) {
        return cluster.context(name).maxMessageSize(MAX_MESSAGE).largeStreamIdle(idle)
            .detectionTimeout(Duration.ofSeconds(5));
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i += 4096) {
            bytes[i] = (byte) (seed + i / 4096);
        }
        bytes[length - 1] = (byte) seed;
        return bytes;
    }

    /** Takes what arrives, in order. */
    private static Pid sink(Member node, BlockingQueue<Object> inbox) {
        return node.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
    }

    /** Sends each element of a list it is sent to the pid that heads the list, in order: one sending process. */
    private static final class Forwarder implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            List<?> list = (List<?>) message;
            Pid to = (Pid) list.get(0);
            for (Object each : list.subList(1, list.size())) {
                ctx.send(to, each);
            }
        }
    }

    /** Answers a call with how many messages it had taken. */
    private static final class Counter implements ProcessBehavior {
        private int taken;

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            taken++;
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return taken;
        }
    }

    private static LargeStream large(Member from, Member to) {
        return from.transport().connection(to.name()).publications().large();
    }

    /** Has {@code sender} on a send {@code big} to {@code sink} on b, and waits until it is on the large stream. */
    private static void startLarge(Member a, Member b, Pid sender, Pid sink, byte[] big) {
        a.node().send(sender, List.of(sink, big));
        Await.until("the 50 MiB message started on the large stream", TIMEOUT,
            () -> large(a, b).isOpen() && large(a, b).framesWritten() > 0);
    }

    /** Whole frames only count: the 50 MiB are in b's count once it has read all of them. */
    private static void assertReadBeforeTheLargeOne(Member b, long bytesBefore, String what) {
        long readMeanwhile = b.transport().counters().bytesIn() - bytesBefore;
        assertTrue(readMeanwhile < FIFTY_MIB, what + " came before the 50 MiB did, not behind them (b had read "
            + readMeanwhile + " bytes of whole frames)");
    }

    private static void assertArrivesWhole(BlockingQueue<Object> inbox, byte[] big) throws InterruptedException {
        Object arrived = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(arrived, "the 50 MiB message arrived");
        assertArrayEquals(big, (byte[]) arrived, "whole");
    }

    @Test
    void fiftyMebibytesArriveWholeAndWhatOthersSendAfterOvertakesThem() throws Exception {
        Member a = start("a", Duration.ofSeconds(10));
        Member b = start("b", Duration.ofSeconds(10));
        BlockingQueue<Object> bigInbox = new LinkedBlockingQueue<>();
        BlockingQueue<Object> smallInbox = new LinkedBlockingQueue<>();
        Pid bigSink = sink(b, bigInbox);
        Pid smallSink = sink(b, smallInbox);
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Pid first = a.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        Pid second = a.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", TIMEOUT));
        byte[] big = bytes(FIFTY_MIB, 5);
        long bytesBefore = b.transport().counters().bytesIn();

        startLarge(a, b, first, bigSink, big);
        a.node().send(second, List.of(smallSink, "small"));
        assertEquals("small", smallInbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("call", a.node().call(echo, "call", TIMEOUT));
        assertReadBeforeTheLargeOne(b, bytesBefore, "the small message and the call from other processes");
        assertArrivesWhole(bigInbox, big);
        TransportCounters counters = b.transport().counters();
        assertEquals(0, counters.rejectedChunks(), counters.toString());
        assertEquals(0, counters.errors(), counters.toString());
    }

    /**
     * A process's reply does not wait behind another process's large message: the transport knows which process
     * answers (its writer keeps the replier), and only a replier on the lane follows its large frames. Before, every
     * reply counted as a frame of unknown sender and took the large stream behind the 50 MiB.
     */
    @Test
    void aReplyFromAProcessNotOnTheLaneOvertakesAnotherProcesssLargeMessage() throws Exception {
        Member a = start("a", Duration.ofSeconds(10));
        Member b = start("b", Duration.ofSeconds(10));
        BlockingQueue<Object> bigInbox = new LinkedBlockingQueue<>();
        Pid bigSink = sink(b, bigInbox);
        Pid responder = a.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Pid sender = a.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", TIMEOUT));
        assertEquals("up", b.node().call(responder, "up", TIMEOUT));
        byte[] big = bytes(FIFTY_MIB, 7);
        long bytesBefore = b.transport().counters().bytesIn();

        startLarge(a, b, sender, bigSink, big);
        assertEquals("answer", b.node().call(responder, "answer", TIMEOUT));
        assertReadBeforeTheLargeOne(b, bytesBefore, "the reply of a process with nothing on the large stream");
        assertArrivesWhole(bigInbox, big);
        assertEquals(0, b.transport().counters().errors(), b.transport().counters().toString());
    }

    /** Large and small messages from one process to one process, and a call after them, in the order sent. */
    @Test
    void oneProcessesMessagesKeepTheirOrderAcrossTheStreams() throws Exception {
        Member a = start("a", Duration.ofSeconds(10));
        Member b = start("b", Duration.ofSeconds(10));
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = sink(b, inbox);
        Pid counter = b.node().spawn(Counter::new, ProcessOptions.DEFAULTS);
        Pid sender = a.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        assertEquals(0, a.node().call(counter, "count?", TIMEOUT));

        int count = 60;
        List<Object> sent = new ArrayList<>();
        sent.add(sink);
        for (int i = 0; i < count; i++) {
            int size = i % 10 == 0 ? 3 * 1024 * 1024 : i % 2 == 0 ? 200 * 1024 : 16;
            sent.add(List.of(i, bytes(size, i)));
        }
        a.node().send(sender, sent);
        for (int i = 0; i < count; i++) {
            List<?> message = (List<?>) inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "message " + i + " arrived");
            assertEquals(i, ((Number) message.get(0)).intValue(), "in the order sent");
        }
        assertTrue(a.transport().counters().toString().length() > 0);

        // From the node's own identity: a large message, then a call to the same process, which must see it.
        a.node().send(counter, bytes(1024 * 1024, 1));
        a.node().send(counter, "small");
        assertEquals(2, a.node().call(counter, "count?", TIMEOUT), "the call came after both messages");
        assertEquals(0, b.transport().counters().errors());
    }

    @Test
    void theLargeStreamClosesWhenIdleAndOpensAgain() throws Exception {
        Member a = start("a", Duration.ofMillis(300));
        Member b = start("b", Duration.ofMillis(300));
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = sink(b, inbox);
        Pid sender = a.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        a.node().send(sink, "hello");
        assertEquals("hello", inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertFalse(large(a, b).isOpen(), "not opened before a large frame needs it");

        for (int round = 0; round < 3; round++) {
            byte[] big = bytes(512 * 1024, round);
            long before = large(a, b).framesWritten();
            a.node().send(sender, List.of(sink, big, "after " + round));
            assertArrayEquals(big, (byte[]) inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals("after " + round, inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(large(a, b).framesWritten() > before, "round " + round + " took the large stream");
            Await.until("the idle large stream closed", TIMEOUT, () -> !large(a, b).isOpen());
            if (round == 0) {
                // Until the driver lets go of the closed publication, none can open: this takes the data stream.
                byte[] meanwhile = bytes(512 * 1024, 100);
                a.node().send(sender, List.of(sink, meanwhile, "after meanwhile"));
                assertArrayEquals(meanwhile, (byte[]) inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                assertEquals("after meanwhile", inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            Await.until("the driver let go of the closed publication", TIMEOUT, () -> !large(a, b).heldByDriver());
        }
        assertEquals(0, a.transport().counters().largeStreamTimeouts(), "no wait for it ran out");
        assertEquals(0, a.transport().counters().errors());
        assertEquals(0, b.transport().counters().errors());
        assertEquals(0, b.transport().counters().rejectedChunks());
    }

    /**
     * A node that plays one of an earlier build says nothing of the large stream in its handshake: what is sent to it,
     * large messages and a large call among small ones, takes the data and control streams, in order, and the sender
     * never opens (so never waits for) a large stream to it. Both handshake frames carry the flag: the old node says
     * it in its Hello when it connects, in its Challenge when it is connected to.
     */
    @ParameterizedTest(name = "the old node connects: {0}")
    @ValueSource(booleans = {true, false})
    void aPeerThatDoesNotSayItReadsTheLargeStreamGetsLargeMessagesOnTheOthers(boolean oldConnects) throws Exception {
        Member fresh = start("fresh", Duration.ofSeconds(10));
        Member old = cluster.start(context("old", Duration.ofSeconds(10)).readsLargeStream(false));
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = sink(old, inbox);
        Pid echoOnOld = old.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Pid echoOnFresh = fresh.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Pid sender = fresh.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        if (oldConnects) {
            assertEquals("up", old.node().call(echoOnFresh, "up", TIMEOUT));
        } else {
            assertEquals("up", fresh.node().call(echoOnOld, "up", TIMEOUT));
        }

        List<Object> sent = new ArrayList<>();
        sent.add(sink);
        for (int i = 0; i < 6; i++) {
            sent.add(List.of(i, bytes(i % 2 == 0 ? 3 * 1024 * 1024 : 16, i)));
        }
        fresh.node().send(sender, sent);
        for (int i = 0; i < 6; i++) {
            List<?> message = (List<?>) inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "message " + i + " arrived");
            assertEquals(i, ((Number) message.get(0)).intValue(), "in the order sent");
            assertArrayEquals(bytes(i % 2 == 0 ? 3 * 1024 * 1024 : 16, i), (byte[]) message.get(1), "whole");
        }
        byte[] request = bytes(1024 * 1024, 9);
        assertArrayEquals(request, (byte[]) fresh.node().call(echoOnOld, request, TIMEOUT), "a large call and reply");

        assertFalse(large(fresh, old).isOpen(), "no large stream was opened to the node that does not read one");
        assertEquals(0, large(fresh, old).framesWritten());
        assertEquals(0, fresh.transport().counters().largeStreamTimeouts(), "nothing waited for it");
        assertTrue(large(old, fresh).framesWritten() > 0, "the old node's peer says it reads it, and gets the reply");
        assertEquals(0, old.transport().counters().rejectedChunks(), old.transport().counters().toString());
        assertEquals(0, old.transport().counters().errors(), old.transport().counters().toString());
    }

    /**
     * A peer that says it reads the large stream but never hears it (here: it listens on another stream id): the first
     * large frame waits for the stream to open for {@link LargeLane#OPEN_WAIT_NS}, then it and those after it take the
     * data stream without waiting, in the order sent; the wait that ran out is counted once, not once per frame.
     */
    @Test
    void aLargeStreamThatDoesNotOpenIsWaitedForOnce() throws Exception {
        Member a = cluster.start(context("a", Duration.ofSeconds(10)).largeStreamId(1013));
        Member b = start("b", Duration.ofSeconds(10));
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = sink(b, inbox);
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Pid sender = a.node().spawn(Forwarder::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", TIMEOUT));

        int count = 8;
        List<Object> sent = new ArrayList<>();
        sent.add(sink);
        for (int i = 0; i < count; i++) {
            sent.add(List.of(i, bytes(i % 2 == 0 ? 512 * 1024 : 16, i)));
        }
        a.node().send(sender, sent);
        for (int i = 0; i < count; i++) {
            List<?> message = (List<?>) inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "message " + i + " arrived");
            assertEquals(i, ((Number) message.get(0)).intValue(), "in the order sent");
        }
        assertEquals(0, large(a, b).framesWritten(), "nothing went on the stream nobody hears");
        assertEquals(1, a.transport().counters().largeStreamTimeouts(), "one wait ran out; the frames after it did not"
            + " wait: " + a.transport().counters());
        assertEquals(0, b.transport().counters().rejectedChunks(), b.transport().counters().toString());
        assertEquals(0, b.transport().counters().errors(), b.transport().counters().toString());
    }

    @Test
    void aMessageOverALimitIsRefusedNamingBothSizes() {
        Member a = start("a", Duration.ofSeconds(10));
        Member b = cluster.start(cluster.context("b").maxMessageSize(1024 * 1024));
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", TIMEOUT));

        SporeException refused = assertThrows(SporeException.class,
            () -> a.node().send(echo, bytes(2 * 1024 * 1024, 1)));
        assertEquals(SporeException.Reason.MESSAGE_TOO_LARGE, refused.reason());
        assertTrue(refused.getMessage().contains("1048576") && refused.getMessage().contains("over the limit"),
            refused.getMessage());

        SporeException own = assertThrows(SporeException.class,
            () -> a.node().send(echo, bytes(MAX_MESSAGE + 1, 1)));
        assertEquals(SporeException.Reason.MESSAGE_TOO_LARGE, own.reason());
        assertTrue(own.getMessage().contains(Integer.toString(MAX_MESSAGE)), own.getMessage());
        assertEquals("still", a.node().call(echo, "still", TIMEOUT));
    }
}
