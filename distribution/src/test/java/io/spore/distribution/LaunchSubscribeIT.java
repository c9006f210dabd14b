package io.spore.distribution;

import io.spore.testsupport.Await;
import io.spore.testsupport.NamespacePair;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure subscriptions between real processes: a launch daemon, subscribers started with
 * {@code spore launch subscribe --serve}, and programs whose ends they must hear of within a second, filtered by
 * their globs; a subscriber that restarts gets what it missed; and one subscriber on another network host.
 */
@Timeout(300)
class LaunchSubscribeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The promise: a subscriber hears of an end within a second. */
    private static final Duration NOTICE = Duration.ofSeconds(1);
    private static final Pattern REGISTERED = Pattern.compile("registered as (\\S+) with the launcher");

    @TempDir
    Path tmp;

    private final List<SporeProcess> processes = new ArrayList<>();
    private Path socket;

    @AfterEach
    void stopAll() {
        processes.forEach(SporeProcess::close);
    }

    private SporeProcess start(List<String> prefix, String... args) throws Exception {
        SporeProcess process = SporeProcess.start(tmp, prefix, SporeRun.launch(socket, args));
        processes.add(process);
        return process;
    }

    private SporeProcess serve(List<String> prefix) throws Exception {
        socket = tmp.resolve("run").resolve("launch.sock");
        SporeProcess daemon = start(prefix, "serve", "--grace", "1s");
        daemon.awaitOutput("launcher serving on", 0, DEADLINE);
        return daemon;
    }

    private SporeProcess subscriber(List<String> prefix, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("subscribe", "--serve"));
        all.addAll(List.of(args));
        SporeProcess subscriber = start(prefix, all.toArray(String[]::new));
        subscriber.awaitOutput("Ctrl-C to stop", 0, DEADLINE);
        return subscriber;
    }

    private SporeRun launch(String... args) throws Exception {
        SporeRun run = SporeRun.run(tmp, SporeRun.launch(socket, args));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.output());
        return run;
    }

    /** Runs {@code spore launch subscribers} until its output passes {@code test}; fails after the deadline. */
    private void awaitSubscribers(Predicate<String> test, Supplier<String> what) {
        String[] lastSeen = {"nothing"};
        assertTrue(Await.until(DEADLINE, () -> {
            try {
                lastSeen[0] = launch("subscribers").output();
                return test.test(lastSeen[0]);
            } catch (Exception e) {
                lastSeen[0] = e.toString();
                return false;
            }
        }), () -> what.get() + "; 'subscribers' said last: " + lastSeen[0]);
    }

    private static long pid(SporeRun submit) {
        Matcher matcher = Pattern.compile("\\(pid (\\d+)\\)").matcher(submit.output());
        assertTrue(matcher.find(), submit.output());
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void subscribersHearOfTheEndsTheirFiltersMatch() throws Exception {
        serve(List.of());
        SporeProcess all = subscriber(List.of());
        SporeProcess onlyO = subscriber(List.of(), "-a", "127.0.0.1:0", "-f", "o*");
        long p1 = pid(launch("submit", "-l", "p1", "-p", "sleep", "120"));
        long o1 = pid(launch("submit", "-l", "o1", "-p", "sleep", "120"));

        int fromAll = all.mark();
        int fromO = onlyO.mark();
        launch("stop", "p1");
        all.awaitMatch(Pattern.compile(" p1 pid " + p1 + " stopped \\(signal TERM\\)"), fromAll, NOTICE);
        launch("stop", "o1");
        all.awaitMatch(Pattern.compile(" o1 pid " + o1 + " stopped \\(signal TERM\\)"), fromAll, NOTICE);
        onlyO.awaitMatch(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+Z \\S+ o1 pid " + o1 + " stopped \\(signal TERM\\)"),
            fromO, NOTICE);

        long o2 = pid(launch("submit", "-l", "o2", "-p", "sh", "-c", "sleep 0.3; exit 3"));
        onlyO.awaitMatch(Pattern.compile(" o2 pid " + o2 + " failed \\(exit 3\\)"), fromO, DEADLINE);
        all.awaitMatch(Pattern.compile(" o2 pid " + o2 + " failed \\(exit 3\\)"), fromAll, NOTICE);
        assertFalse(onlyO.output().contains(" p1 pid "), "the o* subscriber never hears of p1: " + onlyO.output());

        // A subscriber prints a notice before it acknowledges it, and the daemon counts it delivered on the ack.
        awaitSubscribers(out -> out.contains("filter o*  delivered 2") && out.contains("filter *  delivered 3"),
            () -> "each subscriber acknowledged what it printed");
    }

    @Test
    void aRestartedSubscriberGetsWhatItMissed() throws Exception {
        SporeProcess daemon = serve(List.of());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        SporeProcess first = subscriber(List.of(), "-a", address);
        long p1 = pid(launch("submit", "-l", "p1", "-p", "sleep", "120"));
        int from = first.mark();
        launch("stop", "p1");
        first.awaitMatch(Pattern.compile(" p1 pid " + p1 + " stopped"), from, NOTICE);

        assertTrue(first.kill(DEADLINE), "the subscriber died of SIGKILL");
        long p2 = pid(launch("submit", "-l", "p2", "-p", "sh", "-c", "exit 7"));
        // While it is away the daemon keeps the notice and retries the registered address.
        awaitSubscribers(out -> out.contains("pending 1"), () -> "the notice waits for the subscriber; the daemon"
            + " said: " + daemon.output());

        SporeProcess second = start(List.of(), "subscribe", "--serve", "-a", address);
        second.awaitMatch(Pattern.compile(" p2 pid " + p2 + " failed \\(exit 7\\)"), 0, DEADLINE);
        long p3 = pid(launch("submit", "-l", "p3", "-p", "sleep", "120"));
        int fromSecond = second.mark();
        launch("stop", "p3");
        second.awaitMatch(Pattern.compile(" p3 pid " + p3 + " stopped"), fromSecond, NOTICE);
    }

    @Test
    void aRestartedDaemonNotifiesTheSameSubscribers() throws Exception {
        SporeProcess daemon = serve(List.of());
        SporeProcess subscriber = subscriber(List.of(), "-f", "after*");
        launch("shutdown");
        assertEquals(0, daemon.awaitExit(DEADLINE), daemon.output());

        SporeProcess again = start(List.of(), "serve", "--grace", "1s");
        again.awaitOutput("notifying 1 subscriber(s) registered before a restart", 0, DEADLINE);
        long pid = pid(launch("submit", "-l", "after-restart", "-p", "sh", "-c", "exit 5"));
        subscriber.awaitMatch(Pattern.compile(" after-restart pid " + pid + " failed \\(exit 5\\)"), 0, DEADLINE);
    }

    @Test
    void aSubscriberOnAnotherHost() throws Exception {
        StringBuilder whyNot = new StringBuilder();
        try (NamespacePair hosts = NamespacePair.create("sub", 78, whyNot)) {
            Assumptions.assumeTrue(hosts != null, "skipped: this test needs 'ip netns add' (root, or CAP_NET_ADMIN"
                + " and CAP_SYS_ADMIN), which failed here: " + whyNot);
            // The daemon on host A, the subscriber on host B: notices travel over the veth pair.
            serve(NamespacePair.in(hosts.nsA));
            SporeProcess remote = subscriber(NamespacePair.in(hosts.nsB), "-a", hosts.addressB + ":0", "-f", "kv*");
            Matcher registered = REGISTERED.matcher(remote.output());
            assertTrue(registered.find(), remote.output());
            assertTrue(registered.group(1).startsWith(hosts.addressB + ":"), registered.group(1));

            long kvsd = pid(launch("submit", "-l", "kvsd", "-p", "sleep", "120"));
            launch("submit", "-l", "other", "-p", "sleep", "120");
            int from = remote.mark();
            launch("stop", "other", "kvsd");
            remote.awaitMatch(Pattern.compile(" kvsd pid " + kvsd + " stopped \\(signal TERM\\)"), from, NOTICE);
            assertFalse(remote.output().contains(" other pid "), remote.output());
            processes.forEach(SporeProcess::close);
            processes.clear();
        }
    }
}
