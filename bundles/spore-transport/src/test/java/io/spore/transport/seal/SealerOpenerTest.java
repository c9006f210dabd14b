package io.spore.transport.seal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static io.spore.transport.seal.SealedMessages.open;
import static io.spore.transport.seal.SealedMessages.payload;
import static io.spore.transport.seal.SealedMessages.rejection;
import static io.spore.transport.seal.SealedMessages.seal;
import static io.spore.transport.seal.SealedMessages.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealerOpenerTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Messages computed by an independent implementation of {@link SealedLayout}'s specification (Python, with the
     * {@code cryptography} package): secret 00..1f, epoch 0, sequence 5, payload "sealed spore frames", the
     * caller's associated data "ctx".
     */
    @ParameterizedTest
    @EnumSource(Suite.class)
    void sealsExactlyAsTheLayoutSpecifies(Suite suite) {
        String expected = switch (suite) {
            case AES_256_GCM -> "050000000000000000b6516a66f9a6f3989de62daa59d327741e7b1fa91973ce75e987fde6afad2ae4"
                + "a9393d";
            case CHACHA20_POLY1305 -> "0500000000000000003cf95618d3e2ad06a493b14722ad602eeb136e25a3b698efce78803b61f6"
                + "c57c34f9ba";
            case AES_256_CTR_HMAC_SHA256 -> "050000000000000000bfc6c0a639a8ac1e214c3f6bb5dc833295b1e267a743bdc16c7a40"
                + "aaf2189e3c74665f";
            case HMAC_SHA256 -> "0500000000000000007365616c65642073706f7265206672616d6573048738a925942f1fbaf84c8ab3"
                + "2b2692";
        };
        byte[] payload = "sealed spore frames".getBytes(StandardCharsets.US_ASCII);
        byte[] associated = "ctx".getBytes(StandardCharsets.US_ASCII);
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        byte[] message = new byte[payload.length + SealedLayout.OVERHEAD];
        byte[] opened = new byte[payload.length];
        for (int sequence = 0; sequence <= 5; sequence++) {
            int length = sealer.seal(payload, 0, payload.length, associated, 0, associated.length, message, 0);
            assertEquals(message.length, length);
            assertEquals(payload.length, opener.open(message, 0, length, associated, 0, associated.length, opened, 0));
        }
        assertArrayEquals(HEX.parseHex(expected), message);
        assertArrayEquals(payload, opened);
    }

    @Test
    void aLaterEpochAndALongCounterStreamAreAsSpecifiedToo() throws Exception {
        Sealer gcm = new Sealer(Suite.AES_256_GCM, secret().next());
        byte[] payload = "sealed spore frames".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[payload.length + SealedLayout.OVERHEAD];
        for (int i = 0; i <= 70_000; i++) {
            gcm.seal(payload, 0, payload.length, message, 0);
        }
        assertArrayEquals(HEX.parseHex("7011010000000000017f6ec8806f6b2fbd77983152a0b1bdecab9d67951d33246fa39418fe2106"
            + "6dfda905cb"), message, "epoch 1, sequence 70000");

        byte[] stream = payload(0, 0);
        byte[] counting = new byte[3000];
        for (int i = 0; i < counting.length; i++) {
            counting[i] = (byte) i;
        }
        Sealer ctr = new Sealer(Suite.AES_256_CTR_HMAC_SHA256, secret());
        seal(ctr, stream);
        byte[] long3000 = seal(ctr, counting);
        assertArrayEquals(HEX.parseHex("6e41318d17e08627ac63053db6674159bf952ffbe2b59b5abe78fda8eb4694c7"),
            java.security.MessageDigest.getInstance("SHA-256").digest(long3000),
            "3000 bytes at sequence 1: the key stream crosses the cipher's chunks");
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void roundTripsEverySize(Suite suite) {
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        for (int length : new int[] {0, 1, 15, 16, 17, 32, 255, 1024, 1025, 1400, 3000, 16384}) {
            byte[] payload = payload(length, length);
            byte[] message = seal(sealer, payload);
            assertEquals(length + SealedLayout.OVERHEAD, message.length);
            if (suite.encrypts() && length >= 16) {
                assertFalse(Arrays.equals(payload, Arrays.copyOfRange(message, SealedLayout.HEADER_LENGTH,
                    SealedLayout.HEADER_LENGTH + length)), "the body is encrypted");
            } else if (!suite.encrypts()) {
                assertArrayEquals(payload, Arrays.copyOfRange(message, SealedLayout.HEADER_LENGTH,
                    SealedLayout.HEADER_LENGTH + length), "authenticated only: the body is the payload");
            }
            assertArrayEquals(payload, open(opener, message, null), "length " + length);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void sealsAndOpensInPlace(Suite suite) {
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        for (int length : new int[] {0, 20, 1400}) {
            byte[] payload = payload(length, 3);
            byte[] buffer = new byte[7 + length + SealedLayout.OVERHEAD];
            System.arraycopy(payload, 0, buffer, 7 + SealedLayout.HEADER_LENGTH, length);
            int sealed = sealer.seal(buffer, 7 + SealedLayout.HEADER_LENGTH, length, buffer, 7);
            byte[] apart = new byte[length];
            assertEquals(length, new Opener(suite, secret()).open(buffer, 7, sealed, apart, 0));
            assertArrayEquals(payload, apart, "sealed in place like sealed apart");

            assertEquals(length, opener.open(buffer, 7, sealed, buffer, 7), "opened to the message's start");
            assertArrayEquals(payload, Arrays.copyOfRange(buffer, 7, 7 + length));
        }
        byte[] buffer = new byte[100 + SealedLayout.OVERHEAD];
        System.arraycopy(payload(100, 1), 0, buffer, SealedLayout.HEADER_LENGTH, 100);
        int sealed = sealer.seal(buffer, SealedLayout.HEADER_LENGTH, 100, buffer, 0);
        assertEquals(100, opener.open(buffer, 0, sealed, buffer, SealedLayout.HEADER_LENGTH), "opened where it was");
        assertArrayEquals(payload(100, 1), Arrays.copyOfRange(buffer, SealedLayout.HEADER_LENGTH,
            SealedLayout.HEADER_LENGTH + 100));
    }

    @Test
    void refusesOverlapsOtherThanInPlace() {
        Sealer sealer = new Sealer(Suite.AES_256_GCM, secret());
        byte[] buffer = new byte[200];
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(buffer, 0, 50, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(buffer, 20, 50, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(buffer, 0, 50, buffer, 180));
        int sealed = sealer.seal(buffer, SealedLayout.HEADER_LENGTH, 50, buffer, 0);
        Opener opener = new Opener(Suite.AES_256_GCM, secret());
        assertThrows(IllegalArgumentException.class,
            () -> opener.open(buffer, 0, sealed, buffer, SealedLayout.HEADER_LENGTH + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> opener.open(buffer, 190, 20, new byte[10], 0));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void theCallersAssociatedDataIsAuthenticated(Suite suite) {
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        byte[] session = {0, 0, 0x30, 0x39};
        byte[] payload = payload(40, 0);
        byte[] message = new byte[40 + SealedLayout.OVERHEAD];
        int length = sealer.seal(payload, 0, 40, session, 0, 4, message, 0);
        byte[] target = new byte[40];
        byte[] otherSession = {0, 0, 0x30, 0x3a};
        assertEquals(Rejection.BAD_TAG.code(), opener.open(message, 0, length, otherSession, 0, 4, target, 0));
        assertEquals(Rejection.BAD_TAG.code(), opener.open(message, 0, length, target, 0), "none given");
        assertArrayEquals(new byte[40], target, "nothing is written for a refused message");
        assertEquals(40, opener.open(message, 0, length, session, 0, 4, target, 0));
        assertArrayEquals(payload, target);
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void everySingleBitFlipIsRefused(Suite suite) {
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        byte[] payload = payload(21, 5);
        seal(sealer, payload(1, 0)); // the message below has sequence 1, so flips reach both directions
        byte[] message = seal(sealer, payload);
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] flipped = message.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            int[] code = new int[1];
            assertEquals(null, open(opener, flipped, code), "bit " + bit + " flipped");
            Rejection reason = Rejection.of(code[0]);
            int field = bit / 8;
            if (field == SealedLayout.EPOCH_OFFSET) {
                assertTrue(reason == Rejection.UNKNOWN_EPOCH || reason == Rejection.BAD_TAG, bit + ": " + reason);
            } else if (bit == 63) {
                assertEquals(Rejection.TOO_OLD, reason, "the sequence's sign bit");
            } else {
                assertEquals(Rejection.BAD_TAG, reason, "bit " + bit);
            }
        }
        assertEquals(0, opener.epoch(), "no forged epoch was taken up");
        assertArrayEquals(payload, open(opener, message, null), "no flip moved the window or the keys");
    }

    /** A forged copy that arrives first must not stop the genuine message (SunJCE's ChaCha20 needed care). */
    @ParameterizedTest
    @EnumSource(Suite.class)
    void aForgeryDoesNotStopTheGenuineMessageOfTheSameSequence(Suite suite) {
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        for (int i = 0; i < 3; i++) {
            byte[] message = seal(sealer, payload(64, i));
            byte[] forged = message.clone();
            forged[forged.length - 1] ^= 0x40;
            assertEquals(Rejection.BAD_TAG, rejection(opener, forged));
            assertEquals(Rejection.BAD_TAG, rejection(opener, forged), "twice in a row");
            assertArrayEquals(payload(64, i), open(opener, message, null));
        }
    }

    @Test
    void rejectsTruncatedMessagesAndPayloadsTooLongForTheTarget() {
        Opener opener = new Opener(Suite.AES_256_GCM, secret());
        byte[] message = seal(new Sealer(Suite.AES_256_GCM, secret()), payload(30, 0));
        assertEquals(Rejection.TRUNCATED.code(), opener.open(message, 0, SealedLayout.OVERHEAD - 1, new byte[40], 0));
        assertEquals(Rejection.TRUNCATED.code(), opener.open(new byte[0], 0, 0, new byte[40], 0));
        assertEquals(Rejection.BAD_TAG.code(), opener.open(message, 0, message.length - 1, new byte[40], 0),
            "one byte short: the tag moves");
        assertEquals(Rejection.TOO_LONG.code(), opener.open(message, 0, message.length, new byte[29], 0));
        assertEquals(30, opener.open(message, 0, message.length, new byte[30], 0));
        assertEquals(2, opener.rejections(Rejection.TRUNCATED));
        assertEquals(1, opener.rejections(Rejection.TOO_LONG));
        assertEquals(1, opener.rejections(Rejection.BAD_TAG));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void rejectsReplaysAndMessagesTooOldToTell(Suite suite) {
        Sealer sealer = new Sealer(suite, secret());
        Opener opener = new Opener(suite, secret());
        byte[] first = seal(sealer, payload(8, 0));
        assertNotNull(open(opener, first, null));
        assertEquals(Rejection.REPLAY, rejection(opener, first));
        byte[] old = seal(sealer, payload(8, 1));
        for (int i = 0; i < ReplayWindow.SIZE; i++) {
            assertNotNull(open(opener, seal(sealer, payload(8, 2)), null));
        }
        assertEquals(Rejection.TOO_OLD, rejection(opener, old), "never opened, but out of the window");
        assertEquals(Rejection.TOO_OLD, rejection(opener, first));
        assertEquals(1, opener.rejections(Rejection.REPLAY));
        assertEquals(2, opener.rejections(Rejection.TOO_OLD));
    }

    @Test
    void rejectsAnEpochTwoAhead() {
        Sealer sealer = new Sealer(Suite.AES_256_CTR_HMAC_SHA256, secret());
        Opener opener = new Opener(Suite.AES_256_CTR_HMAC_SHA256, secret());
        sealer.rotate();
        sealer.rotate();
        assertEquals(Rejection.UNKNOWN_EPOCH, rejection(opener, seal(sealer, payload(8, 0))));
        assertEquals(1, opener.rejections(Rejection.UNKNOWN_EPOCH));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void aMessageOpensOnlyInItsOwnDirectionAndSuite(Suite suite) {
        SessionKeys keys = KeySchedule.derive(io.spore.transport.security.Cookie.of("c"), payload(32, 9),
            new byte[32]);
        byte[] message = seal(new Sealer(suite, keys.clientToServer()), payload(50, 0));
        assertEquals(Rejection.BAD_TAG, rejection(new Opener(suite, keys.serverToClient()), message));
        for (Suite other : Suite.values()) {
            if (other != suite) {
                assertEquals(Rejection.BAD_TAG, rejection(new Opener(other, keys.clientToServer()), message),
                    "opened with " + other);
            }
        }
        assertNotNull(open(new Opener(suite, keys.clientToServer()), message, null));
    }

    @Test
    void rejectionCodesAreNegativeAndRoundTrip() {
        for (Rejection reason : Rejection.values()) {
            assertTrue(reason.code() < 0);
            assertEquals(reason, Rejection.of(reason.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> Rejection.of(0));
        assertThrows(IllegalArgumentException.class, () -> Rejection.of(-100));
        for (Suite suite : Suite.values()) {
            assertEquals(suite, Suite.ofCode(suite.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> Suite.ofCode(0));
    }
}
