package io.spore.transport;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a busy peer costs in the media driver's memory-mapped files with the default terms: two nodes, each with its
 * own embedded driver, stream to each other for one second (messages small and large, so every term of every log is
 * written), and the pages their drivers' {@code publications/} and {@code images/} hold, as {@code du} counts them,
 * stay within 8 MiB per node. Before the terms were small, each log alone was 48 MiB.
 */
@Timeout(60)
class ShmFootprintTest {
    /** The ceiling per node for one busy peer: publications and images together. */
    private static final long LIMIT_BYTES = 8L * 1024 * 1024;

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

    private Member start(String name) {
        Path drivers = dir.resolve("drivers-" + name);
        try {
            Files.createDirectories(drivers);
            Files.setPosixFilePermissions(drivers, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The test streams as fast as one thread can, so the 256 KiB a sender may run ahead fills at once, and a
        // machine busy with other work can hold the receiving side off for longer than the default 1 s: what
        // is measured here is the logs' size, not how long back-pressure lasts, so the senders wait longer.
        return cluster.start(cluster.context(name).maxMessageSize(TransportContext.DEFAULT_MAX_MESSAGE_SIZE)
            .backPressureTimeout(Duration.ofSeconds(5)).embeddedDirParent(drivers));
    }

    @Test
    void aBusyPeerCostsAtMostEightMebibytesOfLogsPerSide() throws Exception {
        Member a = start("a");
        Member b = start("b");
        AtomicLong bytesIn = new AtomicLong();
        Pid sinkA = a.node().spawn(() -> (ctx, from, message) -> bytesIn.incrementAndGet(), ProcessOptions.DEFAULTS);
        Pid sinkB = b.node().spawn(() -> (ctx, from, message) -> bytesIn.incrementAndGet(), ProcessOptions.DEFAULTS);
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", Duration.ofSeconds(10)));

        byte[] medium = new byte[20_000];
        byte[] large = new byte[300_000];
        long sent = 0;
        long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; System.nanoTime() - endNs < 0; i++) {
            Object message = i % 50 == 0 ? large : i % 2 == 0 ? medium : List.of(i);
            a.node().send(sinkB, message);
            b.node().send(sinkA, message);
            if (i % 100 == 0) {
                a.node().call(echo, medium, Duration.ofSeconds(10)); // the control streams too
            }
            sent += 2;
        }
        long total = sent;
        io.spore.testsupport.Await.until("every message arrived", Duration.ofSeconds(30),
            () -> bytesIn.get() >= total);

        for (String node : List.of("a", "b")) {
            Path driver = driverDir(dir.resolve("drivers-" + node));
            long logs = du(driver.resolve("publications")) + du(driver.resolve("images"));
            System.out.println("ShmFootprintTest: node " + node + " sent and received " + total / 2 + " messages;"
                + " its driver's publications/ and images/ hold " + logs + " bytes (du); log files: "
                + logFiles(driver));
            assertTrue(logs <= LIMIT_BYTES, "node " + node + " holds " + logs + " bytes of logs for one busy peer");
            assertTrue(logs >= 4L * 3 * TransportContext.DEFAULT_TERM_BUFFER_LENGTH / 2,
                "the stream wrote most pages of the four logs: " + logs + " bytes");
        }
    }

    /** @return the one driver folder the node made under {@code parent} */
    private static Path driverDir(Path parent) throws IOException {
        try (Stream<Path> dirs = Files.list(parent)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            assertEquals(1, found.size(), "one embedded driver in " + parent + ": " + found);
            return found.get(0);
        }
    }

    /** @return the bytes of {@code folder}'s files that hold pages, as {@code du -s --block-size=1} counts them */
    private static long du(Path folder) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "--block-size=1", folder.toString()).redirectErrorStream(true)
            .start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(du.waitFor(10, TimeUnit.SECONDS) && du.exitValue() == 0, out);
        return Long.parseLong(out.split("\\s+")[0]);
    }

    /** @return each log file's name and length, as {@code ls -l} shows them */
    private static String logFiles(Path driver) throws IOException {
        StringBuilder files = new StringBuilder();
        for (String folder : List.of("publications", "images")) {
            try (Stream<Path> logs = Files.list(driver.resolve(folder))) {
                for (Path log : logs.sorted().toList()) {
                    files.append(folder).append('/').append(log.getFileName()).append(' ').append(Files.size(log))
                        .append("; ");
                }
            }
        }
        return files.toString();
    }
}
