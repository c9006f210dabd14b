package io.spore.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubscribersTest {
    private static ProcessEnd end(String label) {
        return new ProcessEnd("host", label, 42, null, "TERM", "2026-01-01T00:00:00Z", "stopped");
    }

    @Test
    void deliversOnlyWhatTheFilterMatchesAndCountsIt() throws Exception {
        LinkedBlockingQueue<ProcessEnd> received = new LinkedBlockingQueue<>();
        try (SubscriberServer server = SubscriberServer.listen(HostPort.parse("127.0.0.1:0"), received::add);
             Subscribers subscribers = new Subscribers()) {
            String address = "127.0.0.1:" + server.boundAddress().getPort();
            subscribers.subscribe(address, "o*");
            subscribers.publish(end("p1"));
            subscribers.publish(end("o1"));
            assertEquals(end("o1"), received.poll(5, TimeUnit.SECONDS));
            assertNull(received.poll(200, TimeUnit.MILLISECONDS));
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (subscribers.list().get(0).delivered() < 1 && System.nanoTime() < deadlineNs) {
                Thread.sleep(10);
            }
            assertEquals(List.of(new Subscription(address, "o*", 1, 0, true)), subscribers.list());
        }
    }

    @Test
    void anAddressWithoutHostOrPortIsRefused() {
        try (Subscribers subscribers = new Subscribers()) {
            assertThrows(LaunchException.class, () -> subscribers.subscribe(":9001", null));
            assertThrows(LaunchException.class, () -> subscribers.subscribe("127.0.0.1:0", null));
            assertThrows(LaunchException.class, () -> subscribers.unsubscribe("127.0.0.1:9"));
        }
    }
}
