package io.spore.transport.seal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.spore.transport.seal.SealedMessages.open;
import static io.spore.transport.seal.SealedMessages.payload;
import static io.spore.transport.seal.SealedMessages.rejection;
import static io.spore.transport.seal.SealedMessages.seal;
import static io.spore.transport.seal.SealedMessages.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRotationTest {
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    private static byte[] numbered(long n) {
        return ByteBuffer.allocate(Long.BYTES + 24).putLong(n).array();
    }

    /**
     * A steady stream with a rotation every 3,000 messages, delivered with reordering across every epoch boundary:
     * every message opens once, none is lost or opened twice, and the opener follows every epoch.
     */
    @ParameterizedTest
    @EnumSource(Suite.class)
    void aSteadyStreamRotatesWithoutLossOrDuplicate(Suite suite) {
        int count = 20_000;
        int perKey = 3_000;
        Sealer sealer = new Sealer(suite, secret(), new KeyLimits(perKey, 1L << 34, HOUR_NS), System::nanoTime);
        Opener opener = new Opener(suite, secret());
        List<byte[]> inFlight = new ArrayList<>();
        for (long n = 0; n < count; n++) {
            inFlight.add(seal(sealer, numbered(n)));
        }
        assertEquals((count - 1) / perKey, sealer.epoch());
        Random random = new Random(11);
        for (int from = 0; from < count; from += 500) {
            Collections.shuffle(inFlight.subList(from, Math.min(from + 500, count)), random);
        }
        // Straddle each boundary explicitly too: the last 100 of an epoch after the first 100 of the next.
        for (int boundary = perKey; boundary < count; boundary += perKey) {
            Collections.rotate(inFlight.subList(boundary - 100, boundary + 100), 100);
        }
        BitSet opened = new BitSet(count);
        for (byte[] message : inFlight) {
            byte[] payload = open(opener, message, null);
            assertNotNull(payload, () -> "refused message " + SealedLayout.sequence(message, 0));
            int n = (int) ByteBuffer.wrap(payload).getLong();
            assertFalse(opened.get(n), "opened twice: " + n);
            opened.set(n);
        }
        assertEquals(count, opened.cardinality());
        assertEquals(sealer.epoch(), opener.epoch());
        for (Rejection reason : Rejection.values()) {
            assertEquals(0, opener.rejections(reason), reason.name());
        }
        for (int i = count - 10; i < count; i++) {
            assertEquals(Rejection.REPLAY, rejection(opener, inFlight.get(i)));
        }
    }

    @Test
    void thePreviousKeyIsKeptWhileItsMessagesCanStillOpenThenDropped() {
        Sealer sealer = new Sealer(Suite.AES_256_CTR_HMAC_SHA256, secret());
        Opener opener = new Opener(Suite.AES_256_CTR_HMAC_SHA256, secret());
        byte[] late = seal(sealer, payload(8, 0));
        byte[] lateToo = seal(sealer, payload(8, 0));
        sealer.rotate();
        assertNotNull(open(opener, seal(sealer, payload(8, 1)), null));
        assertEquals(1, opener.epoch());
        assertTrue(opener.keepsPreviousEpoch());
        assertNotNull(open(opener, late, null), "in flight across the rotation");
        for (int i = 0; i < ReplayWindow.SIZE - 2; i++) {
            assertNotNull(open(opener, seal(sealer, payload(8, 2)), null));
        }
        assertTrue(opener.keepsPreviousEpoch(), "sequence 1 is still within the window");
        assertNotNull(open(opener, seal(sealer, payload(8, 3)), null));
        assertFalse(opener.keepsPreviousEpoch(), "now every epoch-0 sequence is too old");
        assertEquals(Rejection.TOO_OLD, rejection(opener, lateToo));
    }

    @Test
    void rotatesByBytes() {
        Sealer sealer = new Sealer(Suite.HMAC_SHA256, secret(), new KeyLimits(1L << 24, 1000, HOUR_NS),
            System::nanoTime);
        Opener opener = new Opener(Suite.HMAC_SHA256, secret());
        for (int i = 0; i < 35; i++) {
            assertNotNull(open(opener, seal(sealer, payload(100, i)), null));
        }
        assertEquals(3, sealer.epoch(), "ten 100-byte messages per 1,000-byte key");
        assertEquals(3, opener.epoch());
    }

    @Test
    void rotatesByAge() {
        AtomicLong nowNs = new AtomicLong(1_000);
        Sealer sealer = new Sealer(Suite.AES_256_GCM, secret(), new KeyLimits(1L << 24, 1L << 34, 5_000),
            nowNs::get);
        Opener opener = new Opener(Suite.AES_256_GCM, secret());
        assertNotNull(open(opener, seal(sealer, payload(10, 0)), null));
        nowNs.addAndGet(4_999);
        assertNotNull(open(opener, seal(sealer, payload(10, 0)), null));
        assertEquals(0, sealer.epoch());
        nowNs.addAndGet(1);
        assertNotNull(open(opener, seal(sealer, payload(10, 0)), null));
        assertEquals(1, sealer.epoch());
        assertEquals(1, opener.epoch());
    }

    @Test
    void theEpochByteWrapsAround() {
        Sealer sealer = new Sealer(Suite.AES_256_CTR_HMAC_SHA256, secret());
        Opener opener = new Opener(Suite.AES_256_CTR_HMAC_SHA256, secret());
        for (int epoch = 0; epoch < 600; epoch++) {
            byte[] payload = payload(12, epoch);
            byte[] message = seal(sealer, payload);
            assertEquals((byte) epoch, SealedLayout.epoch(message, 0));
            assertArrayEquals(payload, open(opener, message, null), "epoch " + epoch);
            sealer.rotate();
        }
        assertEquals(599, opener.epoch());
    }

    /**
     * A sender under back-pressure seals its message again for every attempt the publication refuses: those count
     * toward no key limit, so the first message that goes is at most one epoch ahead of the peer, which follows it.
     */
    @ParameterizedTest
    @EnumSource(Suite.class)
    void messagesThatWereNotSentUseUpNoEpoch(Suite suite) {
        Sealer sealer = new Sealer(suite, secret(), new KeyLimits(2, 1L << 34, HOUR_NS), System::nanoTime);
        Opener opener = new Opener(suite, secret());
        assertNotNull(open(opener, seal(sealer, payload(20, 0)), null));
        long sequence = sealer.nextSequence();
        for (int refused = 0; refused < 10; refused++) {
            seal(sealer, payload(20, 1));
            sealer.unsent();
        }
        assertEquals(sequence + 10, sealer.nextSequence(), "a refused message's sequence is not given again");
        for (int i = 2; i < 9; i++) {
            byte[] payload = payload(20, i);
            assertArrayEquals(payload, open(opener, seal(sealer, payload), null), "message " + i);
        }
        assertEquals(3, sealer.epoch(), "two messages per key, of the eight sent");
        assertEquals(sealer.epoch(), opener.epoch());
    }

    /** A rotation comes before a message, so a first one the publication refused leaves its new epoch unused. */
    @Test
    void anEpochNoMessageOfWhichWasSentIsNotLeft() {
        AtomicLong nowNs = new AtomicLong();
        Sealer sealer = new Sealer(Suite.AES_256_CTR_HMAC_SHA256, secret(), new KeyLimits(1, 10, 1_000),
            nowNs::get);
        Opener opener = new Opener(Suite.AES_256_CTR_HMAC_SHA256, secret());
        assertNotNull(open(opener, seal(sealer, payload(20, 0)), null));
        for (int refused = 0; refused < 5; refused++) {
            nowNs.addAndGet(1_000); // past the age limit too, and every payload past the byte limit
            seal(sealer, payload(20, refused));
            sealer.unsent();
            sealer.unsent(); // a second call takes back nothing more
            assertEquals(1, sealer.epoch(), "rotated once, before the first refused message");
        }
        assertNotNull(open(opener, seal(sealer, payload(20, 9)), null));
        assertEquals(1, opener.epoch());
        assertNotNull(open(opener, seal(sealer, payload(20, 10)), null), "one of its messages went: it may end");
        assertEquals(2, opener.epoch());
    }

    @Test
    void aForgedNextEpochMessageDoesNotMoveTheOpener() {
        Sealer sealer = new Sealer(Suite.AES_256_GCM, secret());
        Opener opener = new Opener(Suite.AES_256_GCM, secret());
        byte[] message = seal(sealer, payload(30, 0));
        byte[] forged = message.clone();
        forged[SealedLayout.EPOCH_OFFSET] = 1;
        assertEquals(Rejection.BAD_TAG, rejection(opener, forged));
        assertEquals(0, opener.epoch());
        assertNotNull(open(opener, message, null));
    }
}
