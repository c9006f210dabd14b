package io.spore.transport;

import io.aeron.driver.MediaDriver;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Important sends to another node over real Aeron: the far node confirms delivery, a missing process fails the
 * send with {@code NO_PROCESS} as it does locally, order with plain messages is kept, a node that vanishes after
 * the message may have left fails a waiting sender with {@code NOT_CONFIRMED} (delivery unknown) within the
 * detection time, and one whose connection never comes up with {@code NODE_DOWN} (not delivered).
 */
@Timeout(60)
class ImportantSendTest {
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
    void aMissingRemoteProcessFailsTheSendAsALocalOneDoes() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid there = b.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);

        a.node().send(there, "confirmed", SendOptions.IMPORTANT);
        assertEquals("confirmed", inbox.poll(5, TimeUnit.SECONDS));

        b.node().exit(there, io.spore.api.ExitReason.KILLED);
        Await.until("the process is gone", Duration.ofSeconds(5), () -> !b.node().isAlive(there));
        SporeException refused = assertThrows(SporeException.class,
            () -> a.node().send(there, "too late", SendOptions.IMPORTANT));
        assertEquals(SporeException.Reason.NO_PROCESS, refused.reason());
        assertTrue(refused.getMessage().contains(there.toString()), refused.getMessage());
        a.node().send(there, "dropped silently"); // a plain send still succeeds and is lost, as in Erlang
    }

    @Test
    void anImportantSendKeepsItsPlaceAmongPlainMessages() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid there = b.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);

        List<Object> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            a.node().send(there, i);
            sent.add(i);
            if (i % 100 == 99) {
                a.node().send(there, "important " + i, SendOptions.IMPORTANT);
                sent.add("important " + i);
            }
        }
        List<Object> received = new ArrayList<>();
        while (received.size() < sent.size()) {
            Object next = inbox.poll(5, TimeUnit.SECONDS);
            if (next == null) {
                break;
            }
            received.add(next);
        }
        assertEquals(sent, received);
    }

    @Test
    void aNodeThatVanishesFailsAWaitingSenderWithNotConfirmed() {
        Member a = cluster.start("a");
        MediaDriver driver = NodeFailureTest.launchDriver(dir.resolve("b-driver"));
        cluster.closeLater(driver);
        Member b = cluster.start(cluster.context("b").aeronDir(dir.resolve("b-driver"))
            .driverTimeout(Duration.ofSeconds(1)));
        Pid there = b.node().spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        a.node().send(there, "connected", SendOptions.IMPORTANT);

        long startNs = System.nanoTime();
        driver.close(); // b's frames stop: no acknowledgement will come
        SporeException failed = assertThrows(SporeException.class,
            () -> a.node().send(there, "anyone?", SendOptions.IMPORTANT));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertEquals(SporeException.Reason.NOT_CONFIRMED, failed.reason(), failed.getMessage());
        assertTrue(failed.getMessage().contains("may or may not"), failed.getMessage());
        Duration bound = a.transport().context().detectionTimeout().plusSeconds(2);
        assertTrue(waitedMs < bound.toMillis(), "failed after " + waitedMs + " ms, not within " + bound);
    }

    @Test
    void aSendWhoseConnectionNeverComesUpIsNotDelivered() {
        Member a = cluster.start("a");
        Pid nowhere = Pid.parse("<ghost@localhost.5.77>"); // no such node registers with the name service
        SporeException failed = assertThrows(SporeException.class,
            () -> a.node().send(nowhere, "lost?", SendOptions.IMPORTANT));
        assertEquals(SporeException.Reason.NODE_DOWN, failed.reason(), failed.getMessage());
        assertTrue(failed.getMessage().contains("not delivered") || failed.getMessage().contains("not connected"),
            failed.getMessage());
    }
}
