package io.spore.transport;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/** Sends and receives short text messages through Aeron in tests, polling with deadlines. */
final class AeronTraffic {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private AeronTraffic() {
    }

    /** Offers until accepted: a new publication reports NOT_CONNECTED until the peer's driver has set it up. */
    static void send(Publication publication, String text) {
        send(publication, new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void send(Publication publication, UnsafeBuffer buffer) {
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        long result;
        while ((result = publication.offer(buffer)) < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                fail("cannot offer on " + publication.channel() + ": " + Publication.errorString(result));
            }
            if (System.nanoTime() - deadlineNs > 0) {
                fail("not accepted within " + TIMEOUT + " on " + publication.channel() + ": "
                    + Publication.errorString(result));
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Polls until one message arrives. */
    static String receive(Subscription subscription) {
        List<String> received = new ArrayList<>();
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (received.isEmpty()) {
            int fragments = subscription.poll((buffer, offset, length, header) ->
                received.add(buffer.getStringWithoutLengthUtf8(offset, length)), 1);
            if (fragments == 0) {
                if (System.nanoTime() - deadlineNs > 0) {
                    fail("nothing arrived within " + TIMEOUT + " on " + subscription.channel() + " stream "
                        + subscription.streamId());
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return received.get(0);
    }

    /** Polls until one message arrives, reassembled from its fragments. */
    static byte[] receiveAssembled(Subscription subscription) {
        List<byte[]> received = new ArrayList<>();
        FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) -> {
            byte[] message = new byte[length];
            buffer.getBytes(offset, message);
            received.add(message);
        });
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (received.isEmpty()) {
            if (subscription.poll(assembler, 64) == 0) {
                if (System.nanoTime() - deadlineNs > 0) {
                    fail("no whole message arrived within " + TIMEOUT + " on stream " + subscription.streamId());
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return received.get(0);
    }

    /** @return how many messages are waiting, taking them */
    static int drain(Subscription subscription) {
        int[] count = {0};
        while (subscription.poll((buffer, offset, length, header) -> count[0]++, 10) > 0) {
            Thread.onSpinWait();
        }
        return count[0];
    }
}
