package io.spore.transport;

import io.aeron.ExclusivePublication;
import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeDown;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import io.spore.transport.seal.KeyLimits;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the wire security modes promise, between real transports on loopback with a real UDP socket as the attacker:
 * a frame injected into a live session is obeyed in clear (the attack is real), and once frames are sealed or
 * authenticated it is dropped and counted and ends the connection whose stream it broke, which forms again; a
 * replayed sealed message is dropped likewise; nodes of different modes refuse each other
 * with the reason on both sides; keys rotate under a stream without losing, repeating or reordering a message.
 */
@Timeout(120)
class WireSecurityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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

    private Member start(String name, WireSecurity mode) {
        return cluster.start(cluster.context(name).wireSecurity(mode).insecureNetwork(mode == WireSecurity.NONE));
    }

    /** A process on {@code node} that monitors {@code target} and hands its Down to {@code downs}. */
    private static void watch(Member node, Pid target, BlockingQueue<Down> downs) {
        node.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitor(target);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof Down down) {
                    downs.add(down);
                }
            }
        }, ProcessOptions.DEFAULTS);
    }

    @ParameterizedTest
    @EnumSource(WireSecurity.class)
    void anExitInjectedIntoALiveSessionKillsOnlyInClear(WireSecurity mode) throws Exception {
        Member a = start("a", mode);
        Member b = start("b", mode);
        BlockingQueue<NodeDown> nodeDowns = watchNodes(a);
        Pid victim = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        b.node().register(Name.of("victim"), victim);
        BlockingQueue<Down> downs = new LinkedBlockingQueue<>();
        watch(b, victim, downs);
        assertEquals("up", a.node().call(Name.of("victim"), b.name(), "up", TIMEOUT));
        Association connection = a.transport().connection(b.name());

        // The attacker, from another address, writes Exit(killed) from one of a's pids into a's data session to b,
        // exactly where a would write next (a sends nothing on that stream meanwhile).
        FrameWriter forger = new FrameWriter(a.transport().typeRegistry(), 64 * 1024, new BusySpinIdleStrategy(),
            new Tally());
        Pid fromA = new Pid(a.name(), 1, a.node().creation());
        int length = forger.exit(fromA, victim, ExitReason.KILLED, false);
        ExclusivePublication data = connection.publications().publication(PeerPublications.DATA);
        try (AeronInjector attacker = new AeronInjector("127.0.0.2")) {
            attacker.injectNext(data, new InetSocketAddress("127.0.0.1", b.transport().port()), forger.buffer(), 0,
                length);
        }

        if (mode == WireSecurity.NONE) {
            Down down = downs.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(down != null && down.reason().kind() == ExitReason.Kind.KILLED,
                "in clear, the injected frame is obeyed: " + down);
            assertTrue(a.node().connectedNodes().contains(b.name()), "in clear, nothing notices the attack");
            return;
        }
        Await.until("b dropped and counted the injected frame", TIMEOUT,
            () -> b.transport().counters().rejectedBadTag() >= 1);
        // The injected frame took the position of a's next frame on that stream, so the stream is broken: b ends
        // the connection and tells a, and the next send connects again on fresh sessions.
        assertToldNodeDown(nodeDowns, b);
        assertNull(downs.poll(300, TimeUnit.MILLISECONDS), "a sealed node ignores the injected exit");
        assertSendsArrive(a, b, victim);
        assertTrue(connection.isDown(), "the broken connection is gone");
        assertTrue(a.transport().connection(b.name()) != connection, "a new connection carries the traffic");
        assertEquals(List.of(1L), b.transport().counters().peerSecurity().stream()
            .filter(peer -> peer.node().equals(a.name())).map(io.spore.core.spi.PeerSecurity::rejectedBadTag)
            .toList(), "b's view of a still shows what a's earlier connection refused");
    }

    /**
     * A process on {@code node} that monitors nodes and hands each NodeDown to the queue. A NodeDown is told after the
     * node failed what was pending with the node that went down, so a call made once it arrived goes on a new
     * connection (the transport's own counter moves before that, and a call made then could be failed with the old).
     */
    private static BlockingQueue<NodeDown> watchNodes(Member node) {
        BlockingQueue<NodeDown> downs = new LinkedBlockingQueue<>();
        node.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitorNodes(true);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof NodeDown down) {
                    downs.add(down);
                }
            }
        }, ProcessOptions.DEFAULTS);
        return downs;
    }

    private static void assertToldNodeDown(BlockingQueue<NodeDown> nodeDowns, Member peer) throws InterruptedException {
        NodeDown down = nodeDowns.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(down != null && down.node().equals(peer.name()), "a was told the connection ended: " + down);
    }

    /**
     * After an attack: a message on the data stream and a call both reach {@code victim}'s node, which is still
     * there.
     */
    private static void assertSendsArrive(Member a, Member b, Pid victim) throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        Pid sink = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                received.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        a.node().send(sink, "after the attack");
        assertEquals("still here", a.node().call(victim, "still here", TIMEOUT));
        Await.until("the message sent after the attack arrived", TIMEOUT, () -> received.size() == 1);
        assertEquals(List.of("after the attack"), received);
    }

    @Test
    void aReplayedSealedMessageIsDroppedAndCounted() throws Exception {
        Member a = start("a", WireSecurity.SEALED);
        Member b = start("b", WireSecurity.SEALED);
        BlockingQueue<NodeDown> nodeDowns = watchNodes(a);
        List<Object> received = new CopyOnWriteArrayList<>();
        Pid sink = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                received.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        a.node().send(sink, "pay 100");
        Await.until("the message arrived", () -> received.size() == 1);
        Association connection = a.transport().connection(b.name());
        // A sniffer kept the sealed message as it left (here: the sealer's buffer, where it was sealed) and sends it
        // again where a would write next.
        // The sealer left the last message it sealed at the start of its buffer: the frame, and the seal around it.
        FrameWriter writer = new FrameWriter(a.transport().typeRegistry(), 64 * 1024, new BusySpinIdleStrategy(),
            new Tally());
        int sealedLength = writer.sendToPid(new Pid(a.name(), 0, a.node().creation()), sink, "pay 100")
            + io.spore.transport.seal.SealedLayout.OVERHEAD;
        byte[] recorded = new byte[sealedLength];
        connection.handshake.seal.dataOut.buffer().getBytes(0, recorded, 0, sealedLength);
        ExclusivePublication data = connection.publications().publication(PeerPublications.DATA);
        try (AeronInjector attacker = new AeronInjector("127.0.0.2")) {
            attacker.injectNext(data, new InetSocketAddress("127.0.0.1", b.transport().port()),
                new org.agrona.concurrent.UnsafeBuffer(recorded), 0, sealedLength);
        }
        Await.until("b dropped the replay as a replay", TIMEOUT, () -> b.transport().counters().rejectedReplay() >= 1);
        assertToldNodeDown(nodeDowns, b);
        assertEquals(List.of("pay 100"), received, "the message was delivered once");
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertSendsArrive(a, b, echo);
    }

    @Test
    void nodesOfDifferentModesRefuseEachOtherWithTheReasonOnBothSides() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("wire security differs")) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            Member sealed = start("sealed", WireSecurity.SEALED);
            Member tagged = start("tagged", WireSecurity.AUTHENTICATED);
            Pid echo = tagged.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
            tagged.node().register(Name.of("echo"), echo);
            SporeException refused = assertThrows(SporeException.class,
                () -> sealed.node().call(Name.of("echo"), tagged.name(), "hello", TIMEOUT));
            assertEquals(SporeException.Reason.NODE_DOWN, refused.reason());
            Await.until("both sides logged the reason", TIMEOUT, () -> warnings.stream()
                .anyMatch(w -> w.startsWith("handshake of sealed@localhost"))
                && warnings.stream().anyMatch(w -> w.startsWith("handshake of tagged@localhost")));
            assertTrue(warnings.stream().allMatch(w -> w.contains("sealed@localhost runs sealed")
                && w.contains("tagged@localhost runs authenticated")), warnings.toString());
            assertEquals(0, sealed.transport().counters().connectionsUp());
            assertEquals(0, tagged.transport().counters().connectionsUp());
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void keysRotateUnderAStreamWithoutLosingRepeatingOrReorderingAMessage() throws Exception {
        // A key per 100 sealed Aeron messages: messages sent while the driver is busy are packed many to one, and
        // 100,000 of them have made from 500 to a few thousand such messages, so the key turns several times, under
        // back-pressure too (whose refused attempts must use up no key: SealedBackPressureTest).
        KeyLimits oftenRotated = new KeyLimits(100, 1L << 34, TimeUnit.MINUTES.toNanos(2));
        Member a = cluster.start(cluster.context("a").sealKeyLimits(oftenRotated));
        Member b = cluster.start(cluster.context("b").sealKeyLimits(oftenRotated));
        int count = 100_000;
        List<Integer> received = new ArrayList<>(count);
        BlockingQueue<Object> done = new LinkedBlockingQueue<>();
        Pid sink = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                received.add((Integer) message);
                if (received.size() == count) {
                    done.add(received.size());
                }
            }
        }, ProcessOptions.DEFAULTS);
        for (int i = 0; i < count; i++) {
            while (true) {
                try {
                    a.node().send(sink, i);
                    break;
                } catch (SporeException backPressured) {
                    Thread.onSpinWait();
                }
            }
        }
        assertInstanceOf(Integer.class, done.poll(60, TimeUnit.SECONDS), () -> received.size() + " of " + count
            + " arrived; a: " + a.transport().counters() + ", b: " + b.transport().counters());
        for (int i = 0; i < count; i++) {
            assertEquals(i, received.get(i), "message " + i + " in its place");
        }
        ConnectionSeal seal = a.transport().connection(b.name()).handshake.seal;
        assertTrue(seal.dataOut.epoch() >= 2, "the data stream's key rotated (epoch " + seal.dataOut.epoch() + ")");
        assertEquals(0, b.transport().counters().rejectedBadTag() + b.transport().counters().rejectedReplay());
    }
}
