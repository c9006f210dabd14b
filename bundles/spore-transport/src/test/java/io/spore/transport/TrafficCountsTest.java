package io.spore.transport;

import io.spore.testsupport.Await;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.core.spi.TrafficStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Traffic is counted once, by the transport, and the node's monitoring reports those counts. */
class TrafficCountsTest {
    @TempDir
    Path dir;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster(dir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theNodesMonitoringReportsWhatTheTransportCounted() {
        TestCluster.Member a = cluster.start("a");
        TestCluster.Member b = cluster.start("b");
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("one", a.node().call(echo, "one", Duration.ofSeconds(10)));
        a.node().send(echo, java.util.List.of("no one answers this"));
        Await.until("the message arrived", Duration.ofSeconds(10),
            () -> b.node().monitoring().traffic().messagesIn() == 1);

        TrafficStats sent = a.node().monitoring().traffic();
        assertEquals(new TrafficStats(0, 1, 0, 1, 0, 0), sent);
        assertEquals(sent, a.transport().statistics().traffic());
        TrafficStats received = b.node().monitoring().traffic();
        assertEquals(1, received.callsIn());
        assertEquals(0, received.callsOut());
        assertEquals(received, b.transport().counters().traffic());
    }
}
