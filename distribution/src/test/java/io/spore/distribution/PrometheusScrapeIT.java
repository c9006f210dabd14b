package io.spore.distribution;

import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two real nodes with {@code --metrics-port}, scraped every second by a real Prometheus server (Debian's package)
 * while they exchange messages and one spawns on the other, once allowed and once denied: the series Prometheus
 * stored, read back through its HTTP API, carry the documented names, labels and values, and Prometheus's own lint,
 * {@code promtool check metrics}, passes on what a node exposes. Without the {@code prometheus} and {@code promtool}
 * binaries the test skips itself with a message.
 */
@Timeout(300)
class PrometheusScrapeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Prometheus scrapes every second; a series shows its value within a few scrapes. */
    private static final Duration SCRAPED = Duration.ofSeconds(60);
    private static final Duration QUERY_EVERY = Duration.ofMillis(250);
    private static final Pattern PID = Pattern.compile("^[^<>\\s]+@[^<>\\s]+\\.\\d+\\.-?\\d+$");
    private static final int MESSAGES_A_TO_B = 20;
    private static final int MESSAGES_B_TO_A = 10;

    @TempDir
    Path tmp;
    private Cluster cluster;
    private PrometheusServer prometheus;

    @BeforeEach
    void cluster() throws Exception {
        Assumptions.assumeTrue(PrometheusServer.binary().isPresent() && PrometheusServer.promtool().isPresent(),
            "skipped: this test runs a real Prometheus server and promtool, from Debian's prometheus package"
                + " (apt-get install prometheus, as .ci/run does); neither prometheus nor promtool is on the PATH");
        cluster = new Cluster(tmp);
    }

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void prometheusStoresTheNodesSeriesAndPromtoolPassesTheExposition() throws Exception {
        Path spawnJar = TestBundleJar.buildSpawn(Files.createDirectories(tmp.resolve("jars")).resolve("spawn.jar"));
        int portA = FreePorts.tcp();
        int portB = FreePorts.tcp();
        ClusterNode a = cluster.start("a@localhost", "--metrics-port", Integer.toString(portA));
        ClusterNode b = cluster.startWith(List.of(spawnJar), "b@localhost", "--metrics-port", Integer.toString(portB));
        a.awaitUp();
        b.awaitUp();
        assertTrue(a.process().output().contains("Prometheus metrics at http://127.0.0.1:" + portA + "/metrics"),
            "loopback by default: " + a.process().output());
        assertTrue(b.repeatUntil("spore:factories", out -> out.contains("spawner"), DEADLINE), b.process().output());

        // b spawns on a: echo is open to all, counter only to a node that is not b.
        assertEquals("counter: allowed for x@localhost", a.command("spore:enable-spawn counter x@localhost"));
        String spawner = b.spawn("spawner");
        String echo = b.call(spawner, "spawn a@localhost echo");
        assertTrue(PID.matcher(echo).matches(), echo + "\n" + a.process().output());
        String denied = b.call(spawner, "spawn a@localhost counter");
        assertTrue(denied.startsWith("failed NOT_ALLOWED"), denied);

        // Plain messages both ways, each side's counter showing they all arrived.
        String counterB = b.spawn("counter");
        for (int i = 0; i < MESSAGES_A_TO_B; i++) {
            assertEquals("", a.send(counterB, "inc"));
        }
        assertTrue(a.repeatUntil("spore:call " + counterB + " get", Integer.toString(MESSAGES_A_TO_B)::equals,
            DEADLINE), a.process().output());
        String counterA = a.spawn("counter");
        for (int i = 0; i < MESSAGES_B_TO_A; i++) {
            assertEquals("", b.send(counterA, "inc"));
        }
        assertTrue(b.repeatUntil("spore:call " + counterA + " get", Integer.toString(MESSAGES_B_TO_A)::equals,
            DEADLINE), b.process().output());

        String exposition = scrape(portA);
        assertTrue(exposition.contains("spore_peer_sent_messages_total{node=\"a@localhost\",peer=\"b@localhost\"}"),
            exposition);
        promtoolPasses(exposition);
        promtoolPasses(scrape(portB));

        prometheus = PrometheusServer.start(PrometheusServer.binary().orElseThrow(),
            Files.createDirectories(tmp.resolve("prometheus")), List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));

        List<PrometheusServer.Series> up = await("up{job=\"spore\"}", value -> value == 1, 2);
        assertTrue(up.stream().anyMatch(s -> s.labels().get("instance").equals("127.0.0.1:" + portA)), up.toString());
        String ab = "node=\"a@localhost\",peer=\"b@localhost\"";
        String ba = "node=\"b@localhost\",peer=\"a@localhost\"";
        await("spore_peer_sent_messages_total{" + ab + "}", value -> value >= MESSAGES_A_TO_B, 1);
        await("spore_peer_received_messages_total{" + ba + "}", value -> value >= MESSAGES_A_TO_B, 1);
        await("spore_peer_received_messages_total{" + ab + "}", value -> value >= MESSAGES_B_TO_A, 1);
        await("spore_peer_sent_bytes_total{" + ab + "}", value -> value > 0, 1);
        await("spore_peer_received_bytes_total{" + ab + "}", value -> value > 0, 1);
        await("spore_peer_round_trip_seconds{" + ab + "}", value -> value > 0 && value < 5, 1);
        await("spore_peer_connection_start_time_seconds{" + ab + "}",
            value -> Math.abs(value - System.currentTimeMillis() / 1000.0) < 600, 1);
        await("spore_remote_spawns_total{node=\"a@localhost\",factory=\"echo\"}", value -> value == 1, 1);
        await("spore_remote_spawn_denials_total{node=\"a@localhost\",factory=\"counter\"}", value -> value == 1, 1);
        await("spore_remote_spawn_requests_total{node=\"a@localhost\",outcome=\"denied\"}", value -> value == 1, 1);
        await("spore_processes{node=\"a@localhost\"}", value -> value >= 2, 1);
        await("spore_sent_spawn_requests_total{node=\"b@localhost\"}", value -> value == 2, 1);
        await("spore_transport_rejected_frames_total{node=\"a@localhost\"}", value -> value >= 0, 9);
        await("spore_transport_back_pressure_events_total{node=\"a@localhost\"}", value -> value >= 0, 1);
    }

    /** @return the node's exposition in the Prometheus text format, as {@code curl http://…/metrics} gets it */
    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** {@code promtool check metrics < exposition} exits 0 and finds nothing to say. */
    private static void promtoolPasses(String exposition) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PrometheusServer.promtool().orElseThrow().toString(), "check",
            "metrics").redirectErrorStream(true).start();
        try (var in = promtool.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + said + "\non:\n" + exposition);
        assertEquals("", said.strip(), "promtool check metrics");
    }

    /**
     * Queries Prometheus, every quarter of a second (it scrapes every second), until {@code promql} gives
     * {@code count} series whose values all pass {@code test}.
     *
     * @return those series
     */
    private List<PrometheusServer.Series> await(String promql, DoublePredicate test, int count)
        throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + SCRAPED.toNanos();
        List<PrometheusServer.Series> last = List.of();
        while (System.nanoTime() - deadlineNs < 0) {
            last = prometheus.query(promql);
            if (last.size() == count && last.stream().allMatch(series -> test.test(series.value()))) {
                return last;
            }
            Thread.sleep(QUERY_EVERY.toMillis());
        }
        return fail("Prometheus never had " + count + " series of " + promql + " that passed within " + SCRAPED
            + "; last: " + last + "\nPrometheus's log:\n" + prometheus.log());
    }
}
