package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.status.PublicationErrorFrame;
import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeDown;
import io.spore.api.NodeUp;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.transport.TestCluster.Member;
import io.spore.transport.security.Cookie;
import io.spore.transport.security.CookieFile;
import io.spore.transport.security.Handshake;
import io.spore.wire.StaleSessionNotice;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that is killed and restarted at once on its port, while a peer streams to it: the new incarnation tells the
 * peer that it does not know the peer's session, and the peer drops the stale connection (node down) and reconnects
 * within a second of the restart, long before its detection timeout. And notices that are not genuine change nothing.
 */
@Timeout(90)
class StaleSessionTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Set long, so that only the notice can explain a quick reaction. */
    private static final Duration DETECTION = Duration.ofSeconds(10);

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

    private TransportContext slowToDetect(String name) {
        return cluster.context(name).heartbeatInterval(Duration.ofSeconds(1)).detectionTimeout(DETECTION);
    }

    /** A process on {@code node} that watches {@code target}'s node and monitors {@code target}, reporting it all. */
    private static void watcher(SporeNode node, Pid target, BlockingQueue<Object> inbox) {
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitorNodes(true);
                ctx.monitor(target);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
    }

    @Test
    void aPeerKilledAndRestartedOnItsPortIsReconnectedWithinASecondOfComingUp() throws Exception {
        int port = FreePorts.udp();
        Member a = cluster.start(slowToDetect("a"));
        // b uses a media driver of the test's own, which the test kills: b's frames stop, and it says no goodbye.
        MediaDriver driver = NodeFailureTest.launchDriver(dir.resolve("b-driver"));
        cluster.closeLater(driver);
        Member b = cluster.start(slowToDetect("b").port(port).aeronDir(dir.resolve("b-driver"))
            .driverTimeout(Duration.ofSeconds(1)));
        Pid sink = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        b.node().register(Name.of("echo"), sink);
        int oldCreation = b.node().creation();
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        watcher(a.node(), sink, inbox);
        assertEquals("up", a.node().call(Name.of("echo"), b.name(), "up", CALL_TIMEOUT));
        assertEquals(new NodeUp(b.name(), oldCreation), inbox.poll(5, TimeUnit.SECONDS));

        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Association old = a.transport().connection(b.name());
        // A producer that stops when its consumer's node is down (the sink's pid is dead after the restart).
        Thread stream = new Thread(() -> {
            while (streaming.get() && !old.isDown()) {
                try {
                    a.node().send(sink, "tick");
                    sent.incrementAndGet();
                } catch (SporeException backPressured) {
                    Thread.onSpinWait();
                }
            }
        }, "a-streams-to-b");
        stream.start();
        try {
            Await.until("a streams to b", () -> sent.get() > 10_000);
            driver.close(); // killed: no goodbye
            b.close();
            Member b2 = cluster.start(slowToDetect("b").port(port));
            long upNs = System.nanoTime();
            Pid echo = b2.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
            b2.node().register(Name.of("echo"), echo);

            Await.until("a is connected to the new b", Duration.ofSeconds(5),
                () -> {
                    Association connection = a.transport().connection(b.name()); // null while it is being replaced
                    return connection != null && a.node().connectedNodes().contains(b.name())
                        && connection.peerCreation == b2.node().creation();
                });
            long reconnectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upNs);
            String answer = (String) a.node().call(Name.of("echo"), b.name(), "new b", CALL_TIMEOUT);
            long calledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upNs);
            assertEquals("new b", answer);
            assertTrue(reconnectedMs < 1_000, "a reconnected " + reconnectedMs + " ms after b came up");
            assertTrue(calledMs < 1_000, "a's call to the new b came back " + calledMs + " ms after it came up");

            List<Object> notices = List.of(inbox.poll(1, TimeUnit.SECONDS), inbox.poll(1, TimeUnit.SECONDS),
                inbox.poll(1, TimeUnit.SECONDS));
            assertTrue(notices.contains(new NodeDown(b.name())), notices.toString());
            assertTrue(notices.stream().anyMatch(n -> n instanceof Down d && d.reason() == ExitReason.NOCONNECTION),
                notices.toString());
            assertTrue(notices.contains(new NodeUp(b.name(), b2.node().creation())), notices.toString());
            assertTrue(notices.indexOf(new NodeDown(b.name())) < notices.indexOf(
                new NodeUp(b.name(), b2.node().creation())), notices.toString());

            TransportCounters survivor = a.transport().counters();
            TransportCounters restarted = b2.transport().counters();
            assertEquals(1, survivor.staleSessionsDropped(), survivor.toString());
            assertTrue(restarted.staleSessionNotices() >= 1, restarted.toString());
            assertTrue(restarted.unauthenticatedFrames() < 5_000, restarted.toString());
        } finally {
            streaming.set(false);
            stream.join(10_000);
        }
    }

    @Test
    void noticesThatAreNotGenuineLeaveTheConnectionUp() throws Exception {
        Member a = cluster.start(slowToDetect("a"));
        Member b = cluster.start(slowToDetect("b"));
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", CALL_TIMEOUT));
        Association connection = a.transport().connection(b.name());
        int session = connection.publications().sessionId();
        String endpoint = connection.publications().endpoint();
        InetSocketAddress from = new InetSocketAddress(endpoint.substring(0, endpoint.lastIndexOf(':')),
            b.transport().port());
        InetSocketAddress elsewhere = new InetSocketAddress(from.getAddress(), FreePorts.udp());
        Cookie cookie = CookieFile.load(cluster.cookie);
        int restarted = b.node().creation() + 1;

        // What Aeron's conductor would hand over, each wrong in one way only.
        notice(a, session, from, Handshake.staleSessionNotice(Cookie.of("another-cluster-secret"), b.name(),
            restarted, session));
        notice(a, session, elsewhere, Handshake.staleSessionNotice(cookie, b.name(), restarted, session));
        notice(a, session, from, Handshake.staleSessionNotice(cookie, b.name(), restarted, session + 1));
        notice(a, session, from, Handshake.staleSessionNotice(cookie, b.name(), b.node().creation(), session));
        notice(a, session, from, Handshake.staleSessionNotice(cookie, a.name(), restarted, session));
        notice(a, session, from, StaleSessionNotice.PREFIX + "00ff");
        TransportCounters counters = a.transport().counters();
        Await.until("a looked at the six notices", () -> counters.staleNoticesIgnored() == 6);
        assertEquals("still up", a.node().call(echo, "still up", CALL_TIMEOUT));
        assertSame(connection, a.transport().connection(b.name()));
        assertFalse(connection.isDown());
        assertEquals(0, counters.staleSessionsDropped());

        // The same notice, right in every way, is acted on: the checks above are what kept the connection.
        notice(a, session, from, Handshake.staleSessionNotice(cookie, b.name(), restarted, session));
        Await.until("a dropped the connection", () -> counters.staleSessionsDropped() == 1);
        assertTrue(connection.isDown());
        assertEquals(6, counters.staleNoticesIgnored());
    }

    /**
     * Strangers that send on many sessions, each many frames: a node answers each session once, not once per frame
     * (its image is rejected and takes no more), and no more sessions than its burst and rate allow.
     */
    @Test
    void strangersAreAnsweredOncePerSessionAndAtABoundedRate() throws Exception {
        Member a = cluster.start(slowToDetect("a"));
        TransportCounters counters = a.transport().counters();
        int sessions = UnknownSessions.BURST + 24;
        List<PublicationErrorFrame> answers = new CopyOnWriteArrayList<>();
        Path strangerDir = dir.resolve("strangers");
        MediaDriver driver = NodeFailureTest.launchDriver(strangerDir);
        cluster.closeLater(driver);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(strangerDir.toString())
            .publicationErrorFrameHandler(frame -> answers.add(frame.clone())))) {
            List<ExclusivePublication> publications = new java.util.ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                publications.add(aeron.addExclusivePublication("aeron:udp?endpoint=127.0.0.1:"
                    + a.transport().port() + "|term-length=65536", TransportContext.DEFAULT_CONTROL_STREAM_ID));
            }
            FrameWriter writer = new FrameWriter(new io.spore.wire.TypeRegistry(), 64 * 1024,
                new org.agrona.concurrent.BusySpinIdleStrategy(), new Tally());
            long startNs = System.nanoTime();
            for (ExclusivePublication publication : publications) {
                Await.until("stranger session " + publications.indexOf(publication) + " reaches a ("
                    + counters + ")", Duration.ofSeconds(20), publication::isConnected);
                for (int i = 0; i < 100; i++) {
                    int length = writer.heartbeat(i, 0);
                    while (publication.offer(writer.buffer(), 0, length) < 0) {
                        assertTrue(System.nanoTime() - startNs < Duration.ofSeconds(30).toNanos(), "not taken");
                        Thread.onSpinWait();
                    }
                }
            }
            Await.until("a answered the burst", () -> counters.staleSessionNotices() >= UnknownSessions.BURST);
            long burstNs = System.nanoTime() - startNs;
            long allowed = UnknownSessions.BURST + UnknownSessions.PER_SECOND * (burstNs / 1_000_000_000L + 1);
            assertTrue(counters.staleSessionNotices() <= allowed, counters.toString());

            // Like peers, the strangers keep sending (a heartbeat every 50 ms) until each has its answer, and then
            // stop on that session: a peer told its session is unknown ends that connection. (One that kept sending
            // for long after its image was rejected could be answered again, once a new image came.)
            java.util.Set<Integer> answered = new java.util.HashSet<>();
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (answered.size() < sessions) {
                assertTrue(System.nanoTime() - deadlineNs < 0, "answered " + answered.size() + " of " + sessions
                    + " sessions: " + counters);
                for (ExclusivePublication publication : publications) {
                    if (!answered.contains(publication.sessionId())) {
                        publication.offer(writer.buffer(), 0, writer.heartbeat(0, 0));
                    }
                }
                Thread.sleep(50);
                for (PublicationErrorFrame answer : answers) {
                    answered.add(answer.sessionId());
                }
            }
            long allNs = System.nanoTime() - startNs;
            long leastNs = (sessions - UnknownSessions.BURST - 1) * 1_000_000_000L / UnknownSessions.PER_SECOND;
            assertTrue(allNs >= leastNs, "all " + sessions + " sessions were answered within "
                + allNs / 1_000_000 + " ms; the rate allows no less than " + leastNs / 1_000_000);
        }
        // Once per session, not per frame: each sent 100 frames at first and more until it heard its answer. A session
        // may be answered a second time, legitimately, when a heartbeat it sent before it heard the first answer
        // arrives 100 ms or more after it (the node answers a session at most once per 100 ms); on a loaded machine
        // that happens to one session in a run now and then, never to many.
        long notices = counters.staleSessionNotices();
        assertTrue(notices >= sessions && notices <= sessions + sessions / 8,
            notices + " answers for " + sessions + " sessions");
    }

    /** Hands {@code a}'s agent an error frame as Aeron's client conductor would. */
    private static void notice(Member a, int session, InetSocketAddress source, String text) {
        a.transport().onAgent(agent -> agent.staleSessionNotice(session, source, text));
    }

    /**
     * A stranger's own Aeron publication to a node's port, carrying a StaleSession frame that names the node's real
     * connection, with a valid proof: a frame on a stream is never obeyed. The node answers the stranger's unknown
     * session instead, with a notice of its own that the stranger's Aeron client receives.
     */
    @Test
    void aStrangersSessionIsAnsweredAndItsStaleSessionFrameIsNotObeyed() throws Exception {
        Member a = cluster.start(slowToDetect("a"));
        Member b = cluster.start(slowToDetect("b"));
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", CALL_TIMEOUT));
        Association aToB = a.transport().connection(b.name());
        Association bToA = b.transport().connection(a.name());
        Cookie cookie = CookieFile.load(cluster.cookie);

        List<PublicationErrorFrame> answers = new CopyOnWriteArrayList<>();
        Path strangerDir = dir.resolve("stranger");
        MediaDriver driver = NodeFailureTest.launchDriver(strangerDir);
        cluster.closeLater(driver);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(strangerDir.toString())
            .publicationErrorFrameHandler(frame -> answers.add(frame.clone())))) {
            ExclusivePublication publication = aeron.addExclusivePublication(
                "aeron:udp?endpoint=127.0.0.1:" + a.transport().port(), TransportContext.DEFAULT_CONTROL_STREAM_ID);
            Await.until("the stranger reaches a", publication::isConnected);
            // Exactly what would end a's connection to b in an error frame from b's endpoint: here on a stream.
            String text = Handshake.staleSessionNotice(cookie, b.name(), b.node().creation() + 1,
                aToB.publications().sessionId());
            byte[] bytes = HexFormat.of().parseHex(text.substring(StaleSessionNotice.PREFIX.length()));
            UnsafeBuffer frame = new UnsafeBuffer(bytes);
            int length = bytes.length;
            long deadlineNs = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (publication.offer(frame, 0, length) < 0) {
                assertTrue(System.nanoTime() - deadlineNs < 0, "the stranger's frame was not taken");
                Thread.onSpinWait();
            }

            Await.until("the stranger hears that a does not know its session", () -> !answers.isEmpty());
            PublicationErrorFrame answer = answers.get(0);
            assertEquals(publication.sessionId(), answer.sessionId());
            assertEquals(a.transport().port(), answer.sourceAddress().getPort());
            StaleSessionNotice notice = StaleSessionNotice.parse(answer.errorMessage());
            assertNotNull(notice, answer.errorMessage());
            assertEquals(publication.sessionId(), notice.sessionId());
            assertEquals(a.node().creation(), notice.creation());
            assertTrue(Handshake.provesStaleSession(cookie, a.name(), notice));
            assertTrue(a.transport().counters().staleSessionNotices() >= 1);
        }
        assertEquals("still up", a.node().call(echo, "still up", CALL_TIMEOUT));
        assertSame(aToB, a.transport().connection(b.name()));
        assertSame(bToA, b.transport().connection(a.name()));
        assertEquals(0, a.transport().counters().staleSessionsDropped());
        assertEquals(0, b.transport().counters().staleSessionsDropped());
    }
}
