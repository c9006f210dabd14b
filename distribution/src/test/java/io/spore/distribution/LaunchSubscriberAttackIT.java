package io.spore.distribution;

import io.spore.testsupport.AnotherUser;
import io.spore.testsupport.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscriber's port ({@code spore launch subscribe --serve}) attacked by real processes on loopback: forged
 * notices from a socket of this user, from user {@code nobody} by hand and from {@code nobody}'s own launcher; an
 * over-long line; a flood of connections. None is printed as a program end, each is counted, and the genuine
 * launcher's notices still arrive.
 */
@Timeout(300)
class LaunchSubscriberAttackIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("subscriber listening on (\\S+):(\\d+),");
    /** A notice as the daemon writes it, of a program that never ran. */
    private static final String FORGED_JSON = "{\"host\":\"victim\",\"label\":\"forged\",\"pid\":666,\"exitCode\":1,"
        + "\"time\":\"2026-01-01T00:00:00Z\",\"outcome\":\"failed\"}";

    @TempDir
    Path tmp;

    private final List<SporeProcess> processes = new ArrayList<>();
    private Path socket;
    private SporeProcess subscriber;
    private int port;

    @BeforeEach
    void startDaemonAndSubscriber() throws Exception {
        socket = tmp.resolve("run").resolve("launch.sock");
        SporeProcess daemon = start(SporeRun.launch(socket, "serve", "--grace", "1s"));
        daemon.awaitOutput("launcher serving on", 0, DEADLINE);
        subscriber = start(SporeRun.launch(socket, "subscribe", "--serve"));
        subscriber.awaitOutput("Ctrl-C to stop", 0, DEADLINE);
        Matcher listening = LISTENING.matcher(subscriber.output());
        assertTrue(listening.find(), subscriber.output());
        port = Integer.parseInt(listening.group(2));
    }

    @AfterEach
    void stopAll() {
        processes.forEach(SporeProcess::close);
    }

    private SporeProcess start(String... args) throws Exception {
        SporeProcess process = SporeProcess.start(tmp, args);
        processes.add(process);
        return process;
    }

    private SporeRun launch(String... args) throws Exception {
        SporeRun run = SporeRun.run(tmp, SporeRun.launch(socket, args));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.output());
        return run;
    }

    /** Ends a program through the genuine daemon and waits for the subscriber to print it. */
    private void genuineNoticeArrives(String label) throws Exception {
        SporeRun submit = launch("submit", "-l", label, "-p", "sh", "-c", "exit 3");
        Matcher pid = Pattern.compile("\\(pid (\\d+)\\)").matcher(submit.output());
        assertTrue(pid.find(), submit.output());
        subscriber.awaitMatch(Pattern.compile(" " + label + " pid " + pid.group(1) + " failed \\(exit 3\\)"), 0,
            DEADLINE);
    }

    private void neverPrintedAsAnEnd() {
        assertFalse(subscriber.output().contains(" forged pid "), subscriber.output());
        assertFalse(subscriber.output().contains("nobody-forged"), subscriber.output());
    }

    @Test
    void forgedLinesAreDroppedCountedAndNeverPrinted() throws Exception {
        int from = subscriber.mark();
        try (Socket forger = new Socket("127.0.0.1", port)) {
            forger.setSoTimeout((int) DEADLINE.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(forger.getInputStream(),
                StandardCharsets.UTF_8));
            OutputStream out = forger.getOutputStream();
            assertTrue(in.readLine().startsWith("spore-subscriber 1 "));
            out.write((FORGED_JSON + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("error: not authenticated: register this subscriber with the same secret", in.readLine());
        }
        subscriber.awaitOutput("subscriber: dropped a line from /127.0.0.1:", from, DEADLINE);
        try (Socket forger = new Socket("127.0.0.1", port)) {
            forger.setSoTimeout((int) DEADLINE.toMillis());
            new BufferedReader(new InputStreamReader(forger.getInputStream(), StandardCharsets.UTF_8)).readLine();
            forger.getOutputStream().write(("ab".repeat(32) + " " + FORGED_JSON + "\n")
                .getBytes(StandardCharsets.UTF_8));
        }
        genuineNoticeArrives("genuine");
        neverPrintedAsAnEnd();

        assertTrue(subscriber.terminate(DEADLINE), "the subscriber stops on SIGTERM");
        subscriber.awaitOutput("subscriber stopped: 1 notice(s) printed, 2 line(s) or connection(s) dropped"
            + " (2 unauthenticated)", from, DEADLINE);
    }

    @Test
    void anOverLongLineAndAFloodOfConnectionsLeaveItServing() throws Exception {
        int from = subscriber.mark();
        long threadsBefore = threadsOf(subscriber.pid());
        try (Socket longLine = new Socket("127.0.0.1", port)) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) '{');
            boolean reset = false;
            OutputStream out = longLine.getOutputStream();
            for (int i = 0; i < 4096 && !reset; i++) { // at most 256 MiB
                try {
                    out.write(chunk);
                } catch (IOException e) {
                    reset = true;
                }
            }
            assertTrue(reset, "the subscriber closed the connection of a line without end");
        }
        subscriber.awaitOutput("subscriber: dropped a line longer than 65536 bytes", from, DEADLINE);

        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                flood.add(new Socket("127.0.0.1", port));
            }
            // The connections are accepted as fast as they come; the threads stay bounded by the cap of 64.
            assertTrue(Await.until(DEADLINE, () -> subscriber.output().contains("over the connection cap")),
                subscriber.output());
            long threads = threadsOf(subscriber.pid());
            assertTrue(threads - threadsBefore <= 64 + 2, threads + " threads, " + threadsBefore + " before");
            genuineNoticeArrives("through-the-flood");
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
        genuineNoticeArrives("after-the-flood");
        neverPrintedAsAnEnd();
    }

    @Test
    void anotherUserCanNeitherForgeNorRelayNotices() throws Exception {
        Assumptions.assumeTrue(AnotherUserCheck.possible(), "skipped: needs root and setpriv to run as "
            + AnotherUser.NAME);
        int from = subscriber.mark();
        // By hand: nobody connects to the port and sends a notice with a made-up MAC.
        Process forger = new ProcessBuilder(concat(AnotherUser.commandPrefix(), List.of("bash", "-c",
            "exec 3<>/dev/tcp/127.0.0.1/$1; read -r hello <&3; echo \"greeting: $hello\";"
                + " printf '%s\\n' \"$2\" >&3; read -r answer <&3; echo \"answer: $answer\"",
            "forger", Integer.toString(port), "cd".repeat(32) + " " + FORGED_JSON.replace("forged",
                "nobody-forged")))).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
        assertTrue(forger.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the forger finished");
        String said = new String(forger.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(said.contains("greeting: spore-subscriber 1 "), "nobody reached the port: " + said);
        assertTrue(said.contains("answer: error: not authenticated"), said);
        subscriber.awaitOutput("subscriber: dropped a line from /127.0.0.1:", from, DEADLINE);

        // With a launcher of its own: nobody registers the port with its daemon, under its own secret.
        try (AnotherUser.ReadableCopy distribution = AnotherUser.readableCopy(TestDistribution.home().root())) {
            Path script = distribution.root().resolve("bin").resolve("spore");
            Path home = Files.createDirectory(distribution.root().resolve("nobody"));
            UserPrincipal nobody = home.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(AnotherUser.NAME);
            Files.setOwner(home, nobody);
            Path secret = home.resolve("secret");
            Files.writeString(secret, "nobody's very own subscriber secret\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Files.setOwner(secret, nobody);
            Path nobodySocket = home.resolve("run").resolve("launch.sock");
            List<String> asNobody = AnotherUser.commandPrefix();

            SporeProcess daemon = SporeProcess.start(script, home, asNobody,
                SporeRun.launch(nobodySocket, "serve", "--grace", "1s"));
            processes.add(daemon);
            daemon.awaitOutput("launcher serving on", 0, DEADLINE);
            SporeRun register = SporeRun.run(script, home, asNobody, SporeRun.launch(nobodySocket, "subscribe",
                "-a", "127.0.0.1:" + port, "--secret-file", secret.toString()));
            assertEquals(0, register.status(), register.output());
            int beforeRelay = subscriber.mark();
            SporeRun submit = SporeRun.run(script, home, asNobody, SporeRun.launch(nobodySocket, "submit", "-l",
                "nobody-forged", "-p", "sh", "-c", "exit 9"));
            assertEquals(0, submit.status(), submit.output());
            daemon.awaitOutput("ended: ", 0, DEADLINE);
            // The daemon keeps retrying; the subscriber drops every try and reports them in its next summary.
            subscriber.awaitOutput("subscriber: dropped", beforeRelay, DEADLINE);
            genuineNoticeArrives("genuine-beside-nobody");
            neverPrintedAsAnEnd();
            String subscribers = SporeRun.run(script, home, asNobody, SporeRun.launch(nobodySocket, "subscribers"))
                .output();
            assertTrue(subscribers.contains("delivered 0"), subscribers);
            daemon.close();
        }
    }

    @Test
    void aSecretFileMustBeOwnerOnlyAndBothSidesMustUseIt() throws Exception {
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "a subscriber secret shared on purpose\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        SporeRun loose = SporeRun.run(tmp, SporeRun.launch(socket, "subscribe", "--serve", "--secret-file",
            secret.toString()));
        assertEquals(1, loose.status(), loose.output());
        assertTrue(loose.output().contains("secret file " + secret + " can be read or written by group or others"
            + " (mode rw-r--r--): run chmod 600 " + secret), loose.output());

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        SporeProcess own = start(SporeRun.launch(socket, "subscribe", "--serve", "-f", "own*", "--secret-file",
            secret.toString()));
        own.awaitOutput("Ctrl-C to stop", 0, DEADLINE);
        Matcher listening = LISTENING.matcher(own.output());
        assertTrue(listening.find(), own.output());
        String address = "127.0.0.1:" + listening.group(2);
        SporeRun submit = launch("submit", "-l", "own1", "-p", "sh", "-c", "exit 5");
        own.awaitMatch(Pattern.compile(" own1 pid \\d+ failed \\(exit 5\\)"), 0, DEADLINE);

        // Registered again without the file, the daemon signs with the cookie's key, which this subscriber drops.
        launch("subscribe", "-a", address, "-f", "own*");
        int from = own.mark();
        launch("submit", "-l", "own2", "-p", "sh", "-c", "exit 6");
        own.awaitOutput("subscriber: dropped a line from /127.0.0.1:", from, DEADLINE);
        assertFalse(own.output().contains(" own2 pid "), own.output());
        launch("subscribe", "-a", address, "-f", "own*", "--secret-file", secret.toString());
        own.awaitMatch(Pattern.compile(" own2 pid \\d+ failed \\(exit 6\\)"), from, DEADLINE);
        assertTrue(submit.output().contains("own1"), submit.output());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** @return the number of threads of process {@code pid}, from {@code /proc/PID/status} */
    private static long threadsOf(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
            .filter(line -> line.startsWith("Threads:"))
            .mapToLong(line -> Long.parseLong(line.substring("Threads:".length()).trim()))
            .findFirst().orElseThrow();
    }

    /** Whether commands can run as {@link AnotherUser#NAME} here. */
    private static final class AnotherUserCheck {
        static boolean possible() {
            try {
                Process id = new ProcessBuilder(concat(AnotherUser.commandPrefix(), List.of("id", "-un")))
                    .redirectErrorStream(true).start();
                return id.waitFor(10, TimeUnit.SECONDS) && id.exitValue() == 0
                    && new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()
                        .equals(AnotherUser.NAME);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
