package io.spore.launcher;

import io.spore.testsupport.Await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubscribersTest {
    private static final SubscriberSecret SECRET = SubscriberSecret.fromText(
        "a test secret of enough bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static ProcessEnd end(String label) {
        return new ProcessEnd("host", label, 42, null, "TERM", "2026-01-01T00:00:00Z", "stopped");
    }

    @Test
    void deliversOnlyWhatTheFilterMatchesAndCountsIt() throws Exception {
        LinkedBlockingQueue<ProcessEnd> received = new LinkedBlockingQueue<>();
        try (SubscriberServer server = SubscriberServer.listen(HostPort.parse("127.0.0.1:0"), SECRET,
                 received::add);
             Subscribers subscribers = new Subscribers(null)) {
            String address = "127.0.0.1:" + server.boundAddress().getPort();
            subscribers.subscribe(address, "o*", SECRET);
            subscribers.publish(end("p1"));
            subscribers.publish(end("o1"));
            assertEquals(end("o1"), received.poll(5, TimeUnit.SECONDS));
            assertNull(received.poll(200, TimeUnit.MILLISECONDS));
            // The sender counts the notice delivered a moment before it stops counting it in flight (pending).
            List<Subscription> expected = List.of(new Subscription(address, "o*", 1, 0, true));
            Await.until(Duration.ofSeconds(5), () -> subscribers.list().equals(expected));
            assertEquals(expected, subscribers.list());
        }
    }

    /**
     * A notice the launcher is sending when the subscriber registers again (here: one that greeted and never
     * acknowledged) counts as pending, and goes to the new registration rather than being lost with the old link.
     */
    @Test
    void aNoticeInFlightIsPendingAndSurvivesARegistrationAgain() throws Exception {
        LinkedBlockingQueue<ProcessEnd> received = new LinkedBlockingQueue<>();
        java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        String address = "127.0.0.1:" + silent.getLocalPort();
        try (Subscribers subscribers = new Subscribers(null)) {
            subscribers.subscribe(address, null, SECRET);
            subscribers.publish(end("p1"));
            try (java.net.Socket launcher = silent.accept()) {
                launcher.getOutputStream().write((SubscriberServer.GREETING + "nonce\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                launcher.getInputStream().read(); // the notice arrives, and is never acknowledged
                assertEquals(1, subscribers.list().get(0).pending(), "the notice in flight is pending");
                silent.close();
                // The subscriber restarts on the same address while the old link still holds the notice.
                try (SubscriberServer server = SubscriberServer.listen(HostPort.parse(address), SECRET,
                    received::add)) {
                    assertEquals(address, "127.0.0.1:" + server.boundAddress().getPort());
                    subscribers.subscribe(address, null, SECRET);
                    assertEquals(end("p1"), received.poll(10, TimeUnit.SECONDS));
                }
            }
        } finally {
            silent.close();
        }
    }

    @Test
    void registrationsSurviveARestart(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("subscribers.json");
        try (Subscribers first = new Subscribers(store)) {
            first.subscribe("127.0.0.1:9001", "o*", SECRET);
            first.subscribe("127.0.0.1:9002", null, SECRET);
            first.unsubscribe("127.0.0.1:9002");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        try (Subscribers second = new Subscribers(store)) {
            assertEquals(1, second.restore(line -> { }));
            assertEquals(List.of(new Subscription("127.0.0.1:9001", "o*", 0, 0, false)), second.list());
        }
        Files.writeString(store, "{not json");
        try (Subscribers broken = new Subscribers(store)) {
            assertThrows(LaunchException.class, () -> broken.restore(line -> { }));
        }
    }

    @Test
    void anAddressWithoutHostOrPortIsRefused() {
        try (Subscribers subscribers = new Subscribers(null)) {
            assertThrows(LaunchException.class, () -> subscribers.subscribe(":9001", null, SECRET));
            assertThrows(LaunchException.class, () -> subscribers.subscribe("127.0.0.1:0", null, SECRET));
            assertThrows(LaunchException.class, () -> subscribers.unsubscribe("127.0.0.1:9"));
        }
    }
}
