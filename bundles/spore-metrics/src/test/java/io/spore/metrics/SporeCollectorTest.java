package io.spore.metrics;

import io.spore.api.NodeName;
import io.spore.api.ProcessOptions;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.core.spi.NodeMonitoring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector over real in-process nodes and fake transports: every metric of the README's table, with its labels
 * and the values the node and the transport give, written as the endpoint writes them.
 */
class SporeCollectorTest {
    private static final String A = "a@localhost";
    private static final String B = "b@localhost";

    private final List<SporeNode> nodes = new ArrayList<>();
    private final Map<String, FakeTransport> transports = new HashMap<>();
    private SporeCollector collector;

    @BeforeEach
    void collector() {
        collector = new SporeCollector(() -> nodes.stream().map(SporeNode::monitoring).toList(), transports::get);
    }

    @AfterEach
    void stop() {
        nodes.forEach(SporeNode::close);
    }

    private SporeNode node(String name) {
        SporeNode node = SporeNode.start(new NodeContext().nodeName(NodeName.parse(name)).workerThreads(1));
        nodes.add(node);
        return node;
    }

    @Test
    void theNodesFiguresAndAccessListsAreLabelledWithTheNodeAndTheFactory() {
        SporeNode a = node(A);
        a.registerFactory("echo", Echo::new);
        a.registerFactory("other", Echo::new);
        a.spawn(Echo::new, ProcessOptions.DEFAULTS);
        a.call(a.spawn(Echo::new, ProcessOptions.DEFAULTS), "hello", Duration.ofSeconds(5));

        Scrape scrape = Scrape.of(collector.collect());

        assertEquals(2.0, scrape.value("spore_processes{node=\"a@localhost\"}"), scrape.text);
        assertEquals(2.0, scrape.value("spore_spawns_total{node=\"a@localhost\"}"), scrape.text);
        assertEquals(1.0, scrape.value("spore_calls_total{node=\"a@localhost\"}"), scrape.text);
        assertEquals(0.0, scrape.value("spore_remote_spawns_total{factory=\"echo\",node=\"a@localhost\"}"));
        assertEquals(0.0, scrape.value("spore_remote_spawn_denials_total{factory=\"other\",node=\"a@localhost\"}"));
        assertEquals(0.0, scrape.value("spore_remote_spawn_requests_total{node=\"a@localhost\",outcome=\"denied\"}"));
        assertEquals(0.0, scrape.value("spore_sent_messages_total{node=\"a@localhost\"}"));
        NodeMonitoring monitoring = a.monitoring();
        assertEquals(monitoring.startTimeMs() / 1000.0, scrape.value("spore_node_start_time_seconds{node=\""
            + A + "\"}"));
        assertEquals("counter", scrape.types.get("spore_spawns_total"));
        assertEquals("gauge", scrape.types.get("spore_processes"));
        assertTrue(scrape.text.contains("# HELP spore_processes Processes alive on the node."), scrape.text);
        assertTrue(scrape.samples.keySet().stream().noneMatch(series -> series.startsWith("spore_transport_")
            || series.startsWith("spore_peer_")), "no transport runs: " + scrape.text);
    }

    @Test
    void theTransportsCountersAndEachPeersFiguresAreRead() {
        node(A);
        FakeTransport transport = new FakeTransport();
        transport.counters.put("malformedFrames", 23L); // 6 unreadable frames and the 17 oversized ones
        transport.peers = List.of(FakeTransport.peer(B, 10), FakeTransport.peer("c@otherhost", 20));
        transports.put(A, transport);

        Scrape scrape = Scrape.of(collector.collect());

        String a = "node=\"a@localhost\"";
        assertEquals(1.0, scrape.value("spore_transport_sent_frames_total{" + a + "}"), scrape.text);
        assertEquals(2.0, scrape.value("spore_transport_sent_bytes_total{" + a + "}"));
        assertEquals(3.0, scrape.value("spore_transport_received_frames_total{" + a + "}"));
        assertEquals(4.0, scrape.value("spore_transport_received_bytes_total{" + a + "}"));
        assertEquals(9.0, scrape.value("spore_transport_back_pressure_events_total{" + a + "}"));
        assertEquals(6.0, scrape.value("spore_transport_rejected_frames_total{" + a + ",reason=\"malformed\"}"));
        assertEquals(7.0, scrape.value("spore_transport_rejected_frames_total{" + a
            + ",reason=\"unauthenticated\"}"));
        assertEquals(17.0, scrape.value("spore_transport_rejected_frames_total{" + a + ",reason=\"oversized\"}"));
        assertEquals(18.0, scrape.value("spore_transport_rejected_frames_total{" + a
            + ",reason=\"rejected_session\"}"));
        assertEquals(19.0, scrape.value("spore_transport_rejected_frames_total{" + a
            + ",reason=\"refused_handshake\"}"));
        assertEquals(23.0, scrape.value("spore_transport_rejected_frames_total{" + a
            + ",reason=\"stale_notice_ignored\"}"));
        assertEquals(25.0, scrape.value("spore_transport_unconfirmed_in_flight_total{" + a + "}"));
        assertNull(scrape.value("spore_transport_malformed_frames_total{" + a + "}"), "only as a reason");

        String ab = a + ",peer=\"b@localhost\"";
        assertEquals(1_700_000_000.0, scrape.value("spore_peer_connection_start_time_seconds{" + ab + "}"));
        assertEquals(10.0, scrape.value("spore_peer_sent_messages_total{" + ab + "}"), scrape.text);
        assertEquals(11.0, scrape.value("spore_peer_received_messages_total{" + ab + "}"));
        assertEquals(12.0, scrape.value("spore_peer_sent_frames_total{" + ab + "}"));
        assertEquals(13.0, scrape.value("spore_peer_received_frames_total{" + ab + "}"));
        assertEquals(14.0, scrape.value("spore_peer_sent_bytes_total{" + ab + "}"));
        assertEquals(15.0, scrape.value("spore_peer_received_bytes_total{" + ab + "}"));
        assertEquals(0.0015, scrape.value("spore_peer_round_trip_seconds{" + ab + "}"), 1e-12);
        assertEquals(20.0, scrape.value("spore_peer_sent_messages_total{" + a + ",peer=\"c@otherhost\"}"));
    }

    /** The transport counts an oversized message as malformed too; the metric counts each dropped frame once. */
    @Test
    void aDroppedFrameCountsUnderOneReasonAndNoReasonGoesBack() {
        node(A);
        FakeTransport transport = transport(5, 2);
        transports.put(A, transport);
        assertEquals(List.of(3.0, 2.0), rejected(), "5 malformed of which 2 oversized");

        // Read while an oversized frame arrives: the malformed counter before it, the oversized one after.
        transport.counters.put("oversizedMessages", 3L);
        assertEquals(List.of(3.0, 3.0), rejected(), "not 2 malformed, which Prometheus would take for a reset");
        transport.counters.put("malformedFrames", 6L);
        assertEquals(List.of(3.0, 3.0), rejected());
        transport.counters.put("malformedFrames", 8L);
        assertEquals(List.of(5.0, 3.0), rejected(), "two more unreadable frames");

        // A restarted transport counts from zero again, as every other counter of it does.
        transports.put(A, transport(1, 0));
        assertEquals(List.of(1.0, 0.0), rejected());
    }

    private static FakeTransport transport(long malformed, long oversized) {
        FakeTransport transport = new FakeTransport();
        transport.counters.put("malformedFrames", malformed);
        transport.counters.put("oversizedMessages", oversized);
        return transport;
    }

    /** @return the malformed and the oversized frames of a's transport, as a scrape gives them */
    private List<Double> rejected() {
        Scrape scrape = Scrape.of(collector.collect());
        String series = "spore_transport_rejected_frames_total{node=\"a@localhost\",reason=";
        return List.of(scrape.value(series + "\"malformed\"}"), scrape.value(series + "\"oversized\"}"));
    }

    @Test
    void aRoundTripNotYetMeasuredHasNoSeries() {
        node(A);
        FakeTransport transport = new FakeTransport();
        io.spore.core.spi.PeerStats measured = FakeTransport.peer(B, 1);
        transport.peers = List.of(new io.spore.core.spi.PeerStats(measured.node(), 1, 0, 0, 0, 0, 0, 0,
            io.spore.core.spi.PeerStats.NOT_MEASURED));
        transports.put(A, transport);

        Scrape scrape = Scrape.of(collector.collect());

        assertEquals(0.0, scrape.value("spore_peer_sent_messages_total{node=\"a@localhost\",peer=\"b@localhost\"}"));
        assertTrue(!scrape.text.contains("spore_peer_round_trip_seconds"), scrape.text);
    }

    @Test
    void twoNodesShareOneFamilyPerMetric() {
        node(A);
        node(B);
        transports.put(A, new FakeTransport());
        transports.put(B, new FakeTransport());

        Scrape scrape = Scrape.of(collector.collect());

        assertEquals(1, scrape.text.lines().filter("# TYPE spore_processes gauge"::equals).count(), scrape.text);
        assertTrue(scrape.samples.containsKey("spore_processes{node=\"a@localhost\"}"));
        assertTrue(scrape.samples.containsKey("spore_processes{node=\"b@localhost\"}"));
        assertTrue(scrape.samples.containsKey("spore_transport_errors_total{node=\"b@localhost\"}"));
    }

    @Test
    void aCounterALaterTransportAddsIsExposedByTheSameRule() {
        node(A);
        FakeTransport transport = new FakeTransport();
        transport.counters.put("framesTeleported", 42L);
        transport.counters.put("not a name!", 1L);
        transports.put(A, transport);

        Scrape scrape = Scrape.of(collector.collect());

        assertEquals(42.0, scrape.value("spore_transport_frames_teleported_total{node=\"a@localhost\"}"), scrape.text);
        assertTrue(!scrape.text.contains("not a name"), scrape.text);
    }

    /** The README's table: every metric the catalogue names appears in a full scrape, and nothing else does. */
    @Test
    void aFullScrapeGivesExactlyTheDocumentedMetrics() {
        node(A).registerFactory("echo", Echo::new);
        FakeTransport transport = new FakeTransport();
        transport.peers = List.of(FakeTransport.peer(B, 1));
        transports.put(A, transport);

        Scrape scrape = Scrape.of(collector.collect());

        Set<String> documented = Stream.of(NodeMetrics.ALL, TransportMetrics.all(), PeerMetrics.ALL)
            .flatMap(List::stream).map(MetricDefinition::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> scraped = scrape.samples.keySet().stream().map(series -> series.replaceAll("\\{.*", ""))
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(documented, scraped);
        assertEquals(documented.size(), Stream.of(NodeMetrics.ALL, TransportMetrics.all(), PeerMetrics.ALL)
            .mapToInt(List::size).sum(), "no name twice");
    }
}
