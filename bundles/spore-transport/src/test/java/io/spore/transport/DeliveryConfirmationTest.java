package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Node.awaitDelivery} over real Aeron ({@link Confirmations}): it returns once the other node has read what
 * was sent, including what was queued while the connection was being made; a connection that never comes up is
 * {@code NODE_DOWN} (nothing left), a peer that stops reading is {@code NOT_CONFIRMED} at the timeout; and an orderly
 * close waits for the acknowledgement.
 */
@Timeout(60)
class DeliveryConfirmationTest {
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
    void whatWasSentWhileConnectingIsConfirmedOnceTheNodeHasIt() {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        AtomicInteger received = new AtomicInteger();
        Pid there = b.node().spawn(() -> (ctx, from, message) -> received.incrementAndGet(), ProcessOptions.DEFAULTS);

        for (int i = 0; i < 2_000; i++) {
            a.node().send(there, i); // the first ones wait for the handshake in the connection's queue
        }
        a.node().awaitDelivery(b.name(), Duration.ofSeconds(10));
        // Delivered to the mailbox: the handler may still be running through it.
        Await.until("all 2000 handled", Duration.ofSeconds(5), () -> received.get() == 2_000);
        a.node().awaitDelivery(b.name(), Duration.ofSeconds(10)); // nothing new: one more round trip
    }

    @Test
    void aConnectionThatNeverComesUpIsNotDelivered() {
        Member a = cluster.start("a");
        NodeName ghost = NodeName.parse("ghost@localhost");
        a.node().send(Pid.parse("<ghost@localhost.5.77>"), "lost");
        SporeException failed = assertThrows(SporeException.class,
            () -> a.node().awaitDelivery(ghost, Duration.ofSeconds(10)));
        assertEquals(SporeException.Reason.NODE_DOWN, failed.reason(), failed.getMessage());
        assertTrue(failed.getMessage().contains("not delivered"), failed.getMessage());
    }

    @Test
    void aPeerThatStopsReadingIsNotConfirmedAtTheTimeout() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        CountDownLatch release = new CountDownLatch(1);
        // A process whose mailbox takes one message from other nodes and whose handler is stuck: b stops reading
        // a's data stream behind it (its mailbox limit), so what follows is not taken.
        Pid stuck = b.node().spawn(() -> (ctx, from, message) -> release.await(30, TimeUnit.SECONDS),
            ProcessOptions.DEFAULTS.withMailboxLimit(1));
        try {
            for (int i = 0; i < 5; i++) {
                a.node().send(stuck, i);
            }
            Await.until("b pauses reading a", Duration.ofSeconds(5),
                () -> b.transport().counters().readPauses.sum() > 0);
            a.node().send(stuck, "behind the pause");
            Await.until("b pauses reading a", Duration.ofSeconds(5),
                () -> b.transport().counters().readPauses.sum() > 0);
            a.node().send(stuck, "behind the pause");
            long startNs = System.nanoTime();
            SporeException failed = assertThrows(SporeException.class,
                () -> a.node().awaitDelivery(b.name(), Duration.ofMillis(700)));
            assertEquals(SporeException.Reason.NOT_CONFIRMED, failed.reason(), failed.getMessage());
            assertTrue(failed.getMessage().contains("did not acknowledge"), failed.getMessage());
            assertTrue(System.nanoTime() - startNs >= Duration.ofMillis(700).toNanos());
        } finally {
            release.countDown();
        }
        a.node().awaitDelivery(b.name(), Duration.ofSeconds(10)); // once b reads again, all is confirmed
    }

    @Test
    void closeWaitsForTheAcknowledgementOfWhatWasSent() {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        AtomicInteger received = new AtomicInteger();
        Pid there = b.node().spawn(() -> (ctx, from, message) -> received.incrementAndGet(), ProcessOptions.DEFAULTS);
        for (int i = 0; i < 5_000; i++) {
            a.node().send(there, i);
        }
        a.transport().close(); // no awaitDelivery: the close itself waits for b's acknowledgement
        Await.until("all 5000 handled", Duration.ofSeconds(5), () -> received.get() == 5_000);
    }

    @Test
    void closeGivesUpAfterItsTimeoutWhenThePeerDoesNotRead() throws Exception {
        Member a = cluster.start(cluster.context("a").closeTimeout(Duration.ofMillis(800)));
        Member b = cluster.start("b");
        CountDownLatch release = new CountDownLatch(1);
        Pid stuck = b.node().spawn(() -> (ctx, from, message) -> release.await(30, TimeUnit.SECONDS),
            ProcessOptions.DEFAULTS.withMailboxLimit(1));
        try {
            for (int i = 0; i < 5; i++) {
                a.node().send(stuck, i);
            }
            Await.until("b pauses reading a", Duration.ofSeconds(5),
                () -> b.transport().counters().readPauses.sum() > 0);
            a.node().send(stuck, "behind the pause");
            long startNs = System.nanoTime();
            a.transport().close();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertTrue(tookMs >= 800 && tookMs < 5_000, "close took " + tookMs + " ms, not its 800 ms timeout");
        } finally {
            release.countDown();
        }
    }
}
