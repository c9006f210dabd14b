package io.spore.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP endpoint Prometheus scrapes: the client's {@link HTTPServer} (the JDK's HTTP server underneath) serving
 * {@code /metrics} in the format the scraper asks for (the Prometheus text format by default, OpenMetrics, or
 * protobuf) and {@code /-/healthy}.
 *
 * <p>Why its own two threads, not the client's pool of ten: a scrape takes a millisecond or two and comes every few
 * seconds, and a node on a small machine should not keep idle threads for it. They are daemons, so an endpoint left
 * open never holds the JVM.
 *
 * <p>Threading: started and closed by the activator, one at a time; serves on its own threads.
 */
final class MetricsEndpoint implements AutoCloseable {
    private static final int THREADS = 2;
    private static final AtomicInteger ENDPOINTS = new AtomicInteger();

    private final HTTPServer server;
    private final MetricsSettings settings;

    private MetricsEndpoint(HTTPServer server, MetricsSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Starts serving {@code registry}.
     *
     * @throws IllegalStateException when it cannot listen, with one line naming the address and what to do
     */
    static MetricsEndpoint start(MetricsSettings settings, PrometheusRegistry registry) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.bind());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the metrics endpoint cannot listen on " + settings.bind() + ": no such"
                + " address of this host; give an address of this host, or leave it out for 127.0.0.1", e);
        }
        ExecutorService threads = threads(settings.port());
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(address).port(settings.port()).registry(registry)
                .executorService(threads).buildAndStart();
            return new MetricsEndpoint(server, settings);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            String why = e instanceof BindException ? e.getMessage() + "; choose another --metrics-port, or stop what"
                + " holds it" : String.valueOf(e.getMessage());
            throw new IllegalStateException("the metrics endpoint cannot listen on " + settings.bind() + ":"
                + settings.port() + ": " + why, e);
        }
    }

    private static ExecutorService threads(int port) {
        String name = "spore-metrics-" + port + "-";
        int endpoint = ENDPOINTS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, name + endpoint + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        pool.allowCoreThreadTimeOut(true); // no thread while nobody scrapes
        return pool;
    }

    /** @return what it was started with */
    MetricsSettings settings() {
        return settings;
    }

    /** @return the port it listens on */
    int port() {
        return server.getPort();
    }

    /** Stops listening at once (a scrape under way is cut short) and ends its threads. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return settings.url();
    }
}
