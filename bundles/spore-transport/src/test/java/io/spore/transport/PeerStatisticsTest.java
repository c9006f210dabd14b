package io.spore.transport;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.core.spi.PeerStats;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures per connected peer ({@code TransportStatistics.peers()}) of two real transports in this JVM: what one
 * side sent is what the other read, the round trip is measured by the probes that go with the heartbeats, and a
 * peer that goes away leaves the list.
 */
@Timeout(60)
class PeerStatisticsTest {
    private static final int MESSAGES = 50;

    @TempDir
    Path dir;
    private TestCluster cluster;
    private Member a;
    private Member b;

    @BeforeEach
    void startTwoNodes() {
        cluster = new TestCluster(dir);
        a = cluster.start("a");
        b = cluster.start("b");
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void whatOneSideSentIsWhatTheOtherReadAndTheRoundTripIsMeasured() {
        AtomicInteger received = new AtomicInteger();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> received.incrementAndGet(), ProcessOptions.DEFAULTS);
        assertTrue(a.transport().statistics().peers().isEmpty(), "no peer before the first send");

        for (int i = 0; i < MESSAGES; i++) {
            a.node().send(sink, "message " + i);
        }
        Await.until("every message arrives", () -> received.get() == MESSAGES);

        Await.until("a has measured its round trip to b", () -> peer(a, b).roundTripNs() > 0);
        Await.until("b has measured its round trip to a", () -> peer(b, a).roundTripNs() > 0);
        PeerStats sent = peer(a, b);
        PeerStats read = peer(b, a);
        assertEquals(MESSAGES, sent.messagesOut(), sent.toString());
        assertEquals(MESSAGES, read.messagesIn(), read.toString());
        assertEquals(0, read.messagesOut(), read.toString());
        assertTrue(sent.bytesOut() > MESSAGES * "message 0".length(), sent.toString());
        assertTrue(sent.framesOut() >= MESSAGES && read.framesIn() >= MESSAGES, sent + " " + read);
        assertTrue(sent.roundTripNs() < Duration.ofSeconds(5).toNanos(), sent.toString());
        long now = System.currentTimeMillis();
        assertTrue(sent.connectedSinceMs() > now - 60_000 && sent.connectedSinceMs() <= now, sent.toString());

        // Heartbeats and probes keep flowing, so both sides' frame counts grow while the messages stay.
        long framesIn = read.framesIn();
        Await.until("b keeps reading a's heartbeats", () -> peer(b, a).framesIn() > framesIn
            && peer(b, a).bytesIn() > read.bytesIn());
        assertEquals(MESSAGES, peer(b, a).messagesIn());
    }

    @Test
    void aPeerThatLeavesLeavesTheList() {
        a.transport().connect(b.name());
        Await.until("a is connected to b", () -> a.transport().statistics().peers().size() == 1);
        assertEquals(List.of(b.name()), a.transport().statistics().peers().stream().map(PeerStats::node).toList());

        b.close();

        Await.until("b is gone from a's list", () -> a.transport().statistics().peers().isEmpty());
    }

    /** @return {@code of}'s figures for {@code peer}, which must be connected */
    private static PeerStats peer(Member of, Member peer) {
        return of.transport().statistics().peers().stream().filter(p -> p.node().equals(peer.name())).findFirst()
            .orElseThrow(() -> new AssertionError(peer.name() + " is not among " + of.name() + "'s peers: "
                + of.transport().statistics().peers()));
    }
}
