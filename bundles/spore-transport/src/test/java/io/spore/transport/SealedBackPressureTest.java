package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.spore.transport.seal.KeyLimits;
import io.spore.transport.seal.KeySchedule;
import io.spore.transport.seal.Rejection;
import io.spore.transport.seal.Suite;
import io.spore.transport.security.Cookie;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sealed stream whose publication back-pressures, over a real media driver: every attempt the publication refuses
 * seals the frame again, and none of them may use up a key epoch, or the peer, which follows the epochs one at a
 * time, refuses the first message that goes afterwards (two epochs ahead) and the connection ends. Keys rotate
 * every two messages here, so ten refused attempts in a row would skip five epochs.
 */
@Timeout(60)
class SealedBackPressureTest {
    /** Small, so that a log nobody reads fills after a few hundred frames. */
    private static final String CHANNEL = "aeron:ipc?term-length=65536";
    private static final int STREAM_ID = 1001;
    private static final int FRAME_LENGTH = 48;
    private static final int REFUSALS = 10;
    /** Frames sent after the log was read again. */
    private static final int AFTER = 1_000;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    /** The offers of one of the two kinds of publication a connection seals on. */
    @FunctionalInterface
    private interface Offers {
        long offer(UnsafeBuffer frame, int length);
    }

    @ParameterizedTest(name = "data stream: {0}")
    @ValueSource(booleans = {true, false})
    void offersThePublicationRefusedUseUpNoKeyEpoch(boolean data) {
        KeyLimits everyTwo = new KeyLimits(2, 1L << 34, TimeUnit.MINUTES.toNanos(2));
        ConnectionSeal sender = seal(true, everyTwo);
        ConnectionSeal receiver = seal(false, everyTwo);
        SealedStream in = data ? receiver.dataIn : receiver.controlIn;
        Path driverDir = dir.resolve("driver");
        MediaDriver driver = NodeFailureTest.launchDriver(driverDir);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDir.toString()));
             Subscription subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
             ExclusivePublication publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID)) {
            StagedFlushes flushes = new StagedFlushes(new TransportCounters());
            Offers offers;
            if (data) {
                BatchingPublication batching = new BatchingPublication(publication, aeron.countersReader(), flushes,
                    true);
                batching.sealWith(sender.dataOut);
                offers = (frame, length) -> batching.offer(frame, 0, length);
            } else {
                GuardedPublication guarded = new GuardedPublication(publication, flushes);
                guarded.sealWith(sender.controlOut);
                offers = (frame, length) -> guarded.offer(frame, 0, length);
            }
            long deadlineNs = System.nanoTime() + DEADLINE_NS;
            while (!publication.isConnected()) {
                assertTrue(System.nanoTime() < deadlineNs, "the publication connects");
                Thread.onSpinWait();
            }
            UnsafeBuffer frame = new UnsafeBuffer(new byte[FRAME_LENGTH]);
            // Nothing reads the log: it fills, and the publication refuses one frame again and again.
            long sent = 0;
            int refusedInARow = 0;
            while (refusedInARow < REFUSALS) {
                assertTrue(System.nanoTime() < deadlineNs, "the publication back-pressures");
                frame.putLong(0, sent);
                long result = offers.offer(frame, FRAME_LENGTH);
                if (result > 0) {
                    sent++;
                    refusedInARow = 0;
                } else {
                    assertTrue(result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION,
                        () -> "refused with " + result);
                    refusedInARow++;
                }
            }
            // Read again, and send more: every message opens, in order, each once.
            long[] opened = {0};
            FragmentHandler reader = (buffer, offset, length, header) -> {
                int frameLength = in.open(buffer, offset, length);
                assertTrue(frameLength >= 0, () -> "message " + opened[0] + " refused: " + Rejection.of(frameLength));
                assertEquals(opened[0], in.buffer().getLong(0), "in its place");
                opened[0]++;
            };
            long total = sent + AFTER;
            while (opened[0] < total) {
                assertTrue(System.nanoTime() < deadlineNs, () -> opened[0] + " of " + total + " opened");
                subscription.poll(reader, 64);
                if (sent < total) {
                    frame.putLong(0, sent);
                    if (offers.offer(frame, FRAME_LENGTH) > 0) {
                        sent++;
                    }
                }
            }
            SealedStream out = data ? sender.dataOut : sender.controlOut;
            assertEquals(out.epoch(), in.epoch(), "the receiver followed every epoch");
            assertTrue(in.epoch() >= total / 2 - 1, "the keys rotated every two messages sent: " + in.epoch());
        } finally {
            driver.close();
        }
    }

    /** One side of a connection's seal, the two sides from the same handshake's keys. */
    private static ConnectionSeal seal(boolean client, KeyLimits limits) {
        byte[] shared = new byte[32];
        Arrays.fill(shared, (byte) 7);
        return ConnectionSeal.of(KeySchedule.derive(Cookie.of("the-sealed-back-pressure-test-secret"), shared,
            new byte[32]), client, Suite.AES_256_CTR_HMAC_SHA256, limits);
    }
}
