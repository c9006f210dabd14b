package io.spore.metrics;

import io.spore.testsupport.FreePorts;
import io.spore.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged metrics bundle in an embedded Felix framework without Config Admin (as the launcher runs it): it
 * resolves with the Prometheus client carried inside, serves the node's metrics on the framework property's port in
 * every format, serves nothing without one, and fails its start with one line when the port is taken.
 */
@Timeout(60)
class MetricsBundleIT {
    @TempDir
    Path dir;
    private Frameworks frameworks;
    private final LogCapture capture = new LogCapture(MetricsActivator.class);

    @BeforeEach
    void frameworks() {
        frameworks = new Frameworks(dir);
    }

    @AfterEach
    void stop() throws Exception {
        capture.close();
        frameworks.close();
    }

    @Test
    void theFrameworkPropertysPortServesTheNodesMetricsUntilTheBundleStops() throws Exception {
        capture.start();
        int port = FreePorts.tcp();
        Framework framework = frameworks.start("m@localhost", false, Map.of("spore.metrics.port",
            Integer.toString(port)));
        Bundle metrics = Frameworks.startMetrics(framework);
        assertEquals(Bundle.ACTIVE, metrics.getState());
        String url = "http://127.0.0.1:" + port + "/metrics";
        assertTrue(capture.records().stream().anyMatch(r -> r.getMessage().equals("Prometheus metrics at " + url)),
            "says where");

        Scrape scrape = new Scrape(Http.text(url));
        assertEquals(0.0, scrape.value("spore_processes{node=\"m@localhost\"}"), scrape.text);
        assertEquals("counter", scrape.types.get("spore_spawns_total"));
        // The protobuf writer and its shaded protobuf load from inside the bundle.
        HttpResponse<byte[]> protobuf = Http.get(url,
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertEquals(200, protobuf.statusCode());
        assertTrue(protobuf.body().length > 0);

        metrics.stop();
        assertFalse(Http.listening(port), "the endpoint closes with the bundle");
    }

    @Test
    void withoutAPortThereIsNoEndpoint() throws Exception {
        Framework framework = frameworks.start("quiet@localhost", false, Map.of());
        Bundle metrics = Frameworks.startMetrics(framework);
        assertEquals(Bundle.ACTIVE, metrics.getState());
        assertFalse(Http.listening(9464), "nothing on the usual port either");
    }

    @Test
    void aPortTakenFailsTheStartWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Framework framework = frameworks.start("busy@localhost", false, Map.of("spore.metrics.port",
                Integer.toString(taken.getLocalPort())));
            BundleException failed = assertThrows(BundleException.class, () -> Frameworks.startMetrics(framework));
            Throwable cause = failed.getCause();
            assertTrue(cause != null && cause.getMessage().startsWith("the metrics endpoint cannot listen on 127.0.0.1:"
                + taken.getLocalPort()) && !cause.getMessage().contains("\n"), String.valueOf(cause));
        }
    }
}
