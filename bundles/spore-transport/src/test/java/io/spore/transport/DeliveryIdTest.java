package io.spore.transport;

import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SendOptions;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Important sends with a delivery id over real Aeron ({@link DeliveredIds}): a repeat of a delivered send is
 * confirmed but not delivered again, while another id, no id or another sender is a new message; and a retry after
 * {@code NOT_CONFIRMED} puts the message in the mailbox once.
 */
@Timeout(60)
class DeliveryIdTest {
    private static final String END = "end";

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
    void aRepeatIsConfirmedButDeliveredOnce() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid there = b.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);

        SendOptions first = SendOptions.IMPORTANT.withDeliveryId(1);
        a.node().send(there, "once", first);
        a.node().send(there, "once", first); // returns: confirmed as the first was
        a.node().send(there, "another id", SendOptions.IMPORTANT.withDeliveryId(2));
        a.node().send(there, "no id", SendOptions.IMPORTANT);
        a.node().send(there, "no id", SendOptions.IMPORTANT);
        CountDownLatch sent = new CountDownLatch(1);
        Pid sender = a.node().spawn(() -> (ctx, from, message) -> {
            ctx.send(there, message, first); // the same id from another sender is another message
            sent.countDown();
        }, ProcessOptions.DEFAULTS);
        a.node().send(sender, "from a process");
        assertTrue(sent.await(10, TimeUnit.SECONDS));

        assertEquals(List.of("once", "another id", "no id", "no id", "from a process"), drain(a, there, inbox));
        assertEquals(1, b.transport().counters().duplicatesDropped());
    }

    @Test
    void aSendToAMissingProcessIsNotRememberedSoItsRetryFailsAgain() {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        Pid gone = b.node().spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        b.node().exit(gone, ExitReason.KILLED);
        Await.until("the process is gone", Duration.ofSeconds(5), () -> !b.node().isAlive(gone));

        SendOptions withId = SendOptions.IMPORTANT.withDeliveryId(3);
        for (int attempt = 0; attempt < 2; attempt++) {
            SporeException refused = assertThrows(SporeException.class, () -> a.node().send(gone, "x", withId));
            assertEquals(SporeException.Reason.NO_PROCESS, refused.reason(), refused.getMessage());
        }
        assertEquals(0, b.transport().counters().duplicatesDropped());
    }

    @Test
    void aRetryAfterNotConfirmedIsDeliveredOnce() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid there = b.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
        CountDownLatch release = new CountDownLatch(1);
        // A process that takes one message from other nodes and whose handler is stuck: b stops reading a's data
        // stream behind it (its mailbox limit), so the important send behind that is not confirmed in time.
        Pid stuck = b.node().spawn(() -> (ctx, from, message) -> release.await(30, TimeUnit.SECONDS),
            ProcessOptions.DEFAULTS.withMailboxLimit(1));
        SendOptions withId = SendOptions.IMPORTANT.withDeliveryId(99);
        try {
            for (int i = 0; i < 5; i++) {
                a.node().send(stuck, i);
            }
            Await.until("b pauses reading a", Duration.ofSeconds(5),
                () -> b.transport().counters().readPauses() > 0);
            SporeException unknown = assertThrows(SporeException.class, () -> a.node().send(there, "once", withId));
            assertEquals(SporeException.Reason.NOT_CONFIRMED, unknown.reason(), unknown.getMessage());
            assertTrue(unknown.getMessage().contains("same delivery id (99)"), unknown.getMessage());
        } finally {
            release.countDown();
        }

        a.node().send(there, "once", withId); // b reads again: the first is delivered, the retry confirmed
        assertEquals(List.of("once"), drain(a, there, inbox));
        assertEquals(1, b.transport().counters().duplicatesDropped());
    }

    /** @return what {@code inbox} got, up to a last important message: everything sent before it is in by then */
    private static List<Object> drain(Member a, Pid there, BlockingQueue<Object> inbox) throws InterruptedException {
        a.node().send(there, END, SendOptions.IMPORTANT);
        List<Object> received = new ArrayList<>();
        while (true) {
            Object next = inbox.poll(10, TimeUnit.SECONDS);
            if (END.equals(next)) {
                return received;
            }
            if (next == null) {
                throw new AssertionError("no end marker after " + received);
            }
            received.add(next);
        }
    }
}
