package io.spore.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP endpoint over a real node: what a scraper gets in each format, and a port it cannot have. */
class MetricsEndpointTest {
    private SporeNode node;
    private PrometheusRegistry registry;
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("m@localhost")).workerThreads(1));
        registry = new PrometheusRegistry();
        registry.register(new SporeCollector(() -> List.of(node.monitoring()), name -> null));
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        node.close();
    }

    @Test
    void aScraperGetsTheTextFormatOpenMetricsOrProtobufAsItAsks() throws Exception {
        int port = FreePorts.tcp();
        endpoint = MetricsEndpoint.start(new MetricsSettings(port, "127.0.0.1"), registry);
        assertEquals(port, endpoint.port());
        assertEquals("http://127.0.0.1:" + port + "/metrics", endpoint.toString());

        HttpResponse<byte[]> text = Http.get(endpoint.toString(), null);
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
            text.headers().toString());
        String body = new String(text.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("spore_processes{node=\"m@localhost\"} 0"), body);

        // What Prometheus 2.x sends: OpenMetrics first.
        HttpResponse<byte[]> openMetrics = Http.get(endpoint.toString(), "application/openmetrics-text;"
            + "version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
            + "*/*;q=0.1");
        assertEquals(200, openMetrics.statusCode());
        String om = new String(openMetrics.body(), StandardCharsets.UTF_8);
        assertTrue(om.contains("# UNIT spore_node_start_time_seconds seconds") && om.endsWith("# EOF\n"), om);

        // With native histograms on, Prometheus asks for protobuf first.
        HttpResponse<byte[]> protobuf = Http.get(endpoint.toString(),
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertEquals(200, protobuf.statusCode());
        assertTrue(protobuf.headers().firstValue("Content-Type").orElse("").startsWith(
            "application/vnd.google.protobuf"), protobuf.headers().toString());

        assertEquals(200, Http.get("http://127.0.0.1:" + port + "/-/healthy", null).statusCode());
    }

    @Test
    void aPortTakenIsOneLineSayingWhatToDoAndClosingFreesThePort() {
        int port = FreePorts.tcp();
        endpoint = MetricsEndpoint.start(new MetricsSettings(port, "127.0.0.1"), registry);

        IllegalStateException taken = assertThrows(IllegalStateException.class,
            () -> MetricsEndpoint.start(new MetricsSettings(port, "127.0.0.1"), registry));
        assertTrue(taken.getMessage().startsWith("the metrics endpoint cannot listen on 127.0.0.1:" + port + ": ")
            && taken.getMessage().endsWith("choose another --metrics-port, or stop what holds it"),
            taken.getMessage());
        assertFalse(taken.getMessage().contains("\n"));

        endpoint.close();
        assertFalse(Http.listening(port), "closed");
        endpoint = MetricsEndpoint.start(new MetricsSettings(port, "127.0.0.1"), registry);
        assertTrue(Http.listening(port), "open again on the same port");
    }

    @Test
    void anAddressNotOfThisHostIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> MetricsEndpoint.start(new MetricsSettings(FreePorts.tcp(), "no-such-host.invalid"), registry));
        assertTrue(refused.getMessage().startsWith("the metrics endpoint cannot listen on no-such-host.invalid"),
            refused.getMessage());
    }

    @Test
    void settingsComeFromThePropertiesAndNoPortMeansNoEndpoint() {
        assertNull(MetricsSettings.read(Map.<String, String>of()::get));
        assertEquals(new MetricsSettings(9464, "127.0.0.1"),
            MetricsSettings.read(Map.of("spore.metrics.port", "9464")::get));
        assertEquals(new MetricsSettings(9464, "0.0.0.0"),
            MetricsSettings.read(Map.of("spore.metrics.port", "9464", "spore.metrics.bind", "0.0.0.0")::get));
        io.spore.api.SporeException bad = assertThrows(io.spore.api.SporeException.class,
            () -> MetricsSettings.read(Map.of("spore.metrics.port", "0")::get));
        assertTrue(bad.getMessage().startsWith("spore.metrics.port"), bad.getMessage());
        assertEquals("http://[::1]:9464/metrics", new MetricsSettings(9464, "::1").url());
    }
}
