package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.spore.transport.seal.KeyLimits;
import io.spore.transport.seal.KeySchedule;
import io.spore.transport.seal.Rejection;
import io.spore.transport.seal.Suite;
import io.spore.transport.security.Cookie;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large stream's publication closed for idleness while a sender is about to offer to it, over a real media driver.
 * The sender read the publication before the agent retired it; its offer must send nothing (before the fix it went
 * out unsealed, in the clear, on a connection that seals) and say so with {@link GuardedPublication#RETIRED}, which the
 * lane answers by sending the frame on another stream instead of reporting the node down. The sealing stream is let
 * go, not destroyed: the stream's next publication seals on with it, and the peer opens every frame.
 */
@Timeout(60)
class RetiredPublicationTest {
    private static final String CHANNEL = "aeron:ipc?term-length=65536";
    private static final int STREAM_ID = 1002;
    private static final int FRAME_LENGTH = 64;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    @Test
    void aRetiredPublicationSendsNothingAndItsSealRunsOnWithTheNext() {
        ConnectionSeal sender = seal(true);
        ConnectionSeal receiver = seal(false);
        Path driverDir = dir.resolve("driver");
        MediaDriver driver = NodeFailureTest.launchDriver(driverDir);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDir.toString()));
             Subscription subscription = aeron.addSubscription(CHANNEL, STREAM_ID)) {
            StagedFlushes flushes = new StagedFlushes(new TransportCounters());
            UnsafeBuffer frame = new UnsafeBuffer(new byte[FRAME_LENGTH]);
            List<Long> opened = new ArrayList<>();
            List<Integer> refused = new ArrayList<>();
            FragmentHandler reader = (buffer, offset, length, header) -> {
                int frameLength = receiver.controlIn.open(buffer, offset, length);
                if (frameLength < 0) {
                    refused.add(frameLength);
                } else {
                    opened.add(receiver.controlIn.buffer().getLong(0));
                }
            };

            ExclusivePublication first = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
            GuardedPublication old = new GuardedPublication(first, flushes);
            old.sealWith(sender.controlOut);
            awaitConnected(first);
            frame.putLong(0, 1);
            assertTrue(old.offer(frame, 0, FRAME_LENGTH) > 0, "the first frame went");
            long positionBefore = first.position();
            read(subscription, reader, opened, refused, 1);

            old.retire(); // the agent closes the idle stream; a sender still holds `old`
            frame.putLong(0, 2);
            assertEquals(GuardedPublication.RETIRED, old.offer(frame, 0, FRAME_LENGTH), "the sender is told");
            assertEquals(positionBefore, first.position(), "nothing of the frame went, sealed or in the clear");
            old.close(); // what the connector's thread does next; it must not destroy the seal

            ExclusivePublication second = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
            GuardedPublication next = new GuardedPublication(second, flushes);
            next.sealWith(sender.controlOut);
            awaitConnected(second);
            for (long i = 2; i <= 4; i++) {
                frame.putLong(0, i);
                long deadlineNs = System.nanoTime() + DEADLINE_NS;
                while (next.offer(frame, 0, FRAME_LENGTH) < 0) {
                    assertTrue(System.nanoTime() < deadlineNs, "the next publication takes frame " + i);
                    Thread.onSpinWait();
                }
            }
            read(subscription, reader, opened, refused, 4);
            assertEquals(List.of(), refused.stream().map(Rejection::of).toList(), "every frame opened");
            assertEquals(List.of(1L, 2L, 3L, 4L), opened, "each once, in order, across the two publications");
            next.close();
        } finally {
            driver.close();
        }
    }

    private static void read(Subscription subscription, FragmentHandler reader, List<Long> opened,
                             List<Integer> refused, int frames) {
        long deadlineNs = System.nanoTime() + DEADLINE_NS;
        while (opened.size() + refused.size() < frames) {
            assertTrue(System.nanoTime() < deadlineNs, () -> opened + " opened, " + refused + " refused");
            subscription.poll(reader, 16);
        }
    }

    private static void awaitConnected(ExclusivePublication publication) {
        long deadlineNs = System.nanoTime() + DEADLINE_NS;
        while (!publication.isConnected()) {
            assertTrue(System.nanoTime() < deadlineNs, "the publication connects");
            Thread.onSpinWait();
        }
    }

    private static ConnectionSeal seal(boolean client) {
        byte[] shared = new byte[32];
        Arrays.fill(shared, (byte) 9);
        return ConnectionSeal.of(KeySchedule.derive(Cookie.of("the-retired-publication-test-secret"), shared,
            new byte[32]), client, Suite.AES_256_CTR_HMAC_SHA256, new KeyLimits(2, 1L << 34,
            TimeUnit.MINUTES.toNanos(2)));
    }
}
