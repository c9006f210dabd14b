package io.spore.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code .ci/run} installs) for one test: its
 * own configuration and storage in the test's folder, its web port a free one on loopback, scraping the given
 * targets every second; stopped (SIGTERM, then SIGKILL) by {@link #close()}. Queried through its HTTP API, as
 * Grafana or an operator would.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final String base;

    private PrometheusServer(Process process, Path log, String base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** @return the {@code prometheus} binary on the PATH, if there is one */
    static Optional<Path> binary() {
        return onPath("prometheus");
    }

    /** @return the {@code promtool} binary on the PATH, if there is one */
    static Optional<Path> promtool() {
        return onPath("promtool");
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}) every second as job {@code spore}, and waits
     * until it is ready.
     *
     * @param dir a folder of the test's own, for the configuration, the storage and the log
     */
    static PrometheusServer start(Path binary, Path dir, List<String> targets) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        List<String> quoted = new ArrayList<>();
        targets.forEach(target -> quoted.add("'" + target + "'"));
        Files.writeString(config, String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 1s",
            "scrape_configs:",
            "  - job_name: spore",
            "    static_configs:",
            "      - targets: [" + String.join(", ", quoted) + "]",
            ""), StandardCharsets.UTF_8);
        String listen = "127.0.0.1:" + FreePorts.tcp();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
            "--web.listen-address=" + listen, "--log.level=warn")
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, "http://" + listen);
        if (!Await.until(Duration.ofSeconds(30), () -> !process.isAlive() || server.ready())) {
            server.close();
            throw new IllegalStateException("Prometheus was not ready within 30 s: " + server.log());
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ": " + server.log());
        }
        return server;
    }

    private boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Evaluates an instant query ({@code /api/v1/query}).
     *
     * @return each series of the result with its value; empty when none matched yet
     */
    List<Series> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql,
            StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query " + promql + " failed: " + response.statusCode() + " "
                + response.body());
        }
        List<Series> series = new ArrayList<>();
        for (JsonNode result : body.path("data").path("result")) {
            series.add(new Series(JSON.convertValue(result.path("metric"),
                JSON.getTypeFactory().constructMapType(java.util.Map.class, String.class, String.class)),
                Double.parseDouble(result.path("value").path(1).asText())));
        }
        return series;
    }

    /** One series of a query's result: its labels (the metric's name under {@code __name__}) and value. */
    record Series(java.util.Map<String, String> labels, double value) {
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** @return what Prometheus logged so far */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
