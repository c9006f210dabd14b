package io.spore.distribution;

import io.spore.testsupport.Await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for one test: Debian's {@code dnsmasq} (package {@code dnsmasq-base}, which {@code .ci/run}
 * installs), on a port of loopback, answering only from the records it is given (no upstream servers, no
 * {@code /etc/hosts}), for names under {@value #DOMAIN}. {@link #restart} serves other records on the same port, as an
 * operator's change of a zone would.
 */
final class Dnsmasq implements AutoCloseable {
    /** The zone the test's names live in; nothing else is answered. */
    static final String DOMAIN = "spore.test";

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private Dnsmasq(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** @return the {@code dnsmasq} binary, if it is installed */
    static Optional<Path> binary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")
            .split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        for (String folder : dirs) {
            Path candidate = Path.of(folder, "dnsmasq");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts dnsmasq on 127.0.0.1:{@code port} with {@code records} (configuration lines such as
     * {@code srv-host=...} and {@code host-record=...}), and waits until it listens.
     */
    static Dnsmasq start(Path binary, Path dir, int port, List<String> records) throws IOException {
        Dnsmasq dns = new Dnsmasq(binary, dir, port);
        dns.run(records);
        return dns;
    }

    /** @return {@code 127.0.0.1:PORT}, for {@code --dns-server} */
    String server() {
        return "127.0.0.1:" + port;
    }

    /** Stops the server and starts it again on the same port with {@code records} only. */
    void restart(List<String> records) throws IOException, InterruptedException {
        stop();
        run(records);
    }

    private void run(List<String> records) throws IOException {
        Path config = dir.resolve("dnsmasq.conf");
        List<String> lines = new ArrayList<>(List.of("port=" + port, "listen-address=127.0.0.1", "bind-interfaces",
            "no-resolv", "no-hosts", "no-poll", "local=/" + DOMAIN + "/", "log-queries", "pid-file="));
        lines.addAll(records);
        Files.write(config, lines);
        Path log = dir.resolve("dnsmasq.log");
        process = new ProcessBuilder(binary.toString(), "--keep-in-foreground", "--conf-file=" + config,
            "--log-facility=-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        // dnsmasq answers on TCP too: a connection that opens says it is ready.
        boolean up = Await.until(Duration.ofSeconds(20), () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return !process.isAlive();
            }
        });
        if (!up || !process.isAlive()) {
            throw new IOException("dnsmasq did not start on port " + port + ": " + Files.readString(log));
        }
    }

    private void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
