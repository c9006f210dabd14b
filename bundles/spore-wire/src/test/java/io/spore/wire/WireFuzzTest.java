package io.spore.wire;

import io.spore.api.ExitReason;
import io.spore.wire.MalformedFrameException.Problem;
import io.spore.wire.Samples.Color;
import io.spore.wire.Samples.Point;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.spore.wire.Samples.PID;
import static io.spore.wire.Samples.REF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames and payloads, random and mutated from valid ones, with sizes up to the largest message (1 MiB), through
 * {@link FrameReader} and {@link PayloadDecoder}: each gives a value or the typed exception, never anything else.
 *
 * <p>The count comes from the system property {@code spore.fuzz.count} (default 50,000 of each, the build's run); the
 * full run is {@code -Dspore.fuzz.count=1000000} (README, "Hostile input"). The seed is printed, and can be set with
 * {@code spore.fuzz.seed} to replay a run.
 */
class WireFuzzTest {
    private static final int COUNT = Integer.getInteger("spore.fuzz.count", 50_000);
    private static final long SEED = Long.getLong("spore.fuzz.seed", System.nanoTime());
    private static final int MAX_MESSAGE = 1 << 20;

    private final TypeRegistry registry = Samples.registry();
    private final PayloadEncoder encoder = new PayloadEncoder(registry);
    private final PayloadDecoder decoder = new PayloadDecoder(registry);
    private final FrameReader reader = new FrameReader(MAX_MESSAGE + 1024);
    private final FrameFixtures fixtures = new FrameFixtures();
    private final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(MAX_MESSAGE + 4096);
    private final Map<Problem, Integer> refused = new EnumMap<>(Problem.class);

    @Test
    void framesGiveAFrameOrTheTypedException() {
        Random random = new Random(SEED);
        FrameType[] types = FrameType.values();
        int accepted = 0;
        for (int round = 0; round < COUNT; round++) {
            int length;
            if (random.nextInt(10) == 0) {
                length = randomBytes(random, sizeOf(random));
            } else {
                length = fixtures.write(types[round % types.length], bytes, 0);
                length = mutate(random, length, 0);
            }
            try {
                FrameType type = reader.read(bytes, 0, length);
                if (type == FrameType.SEND_TO_PID) {
                    io.spore.wire.sbe.SendToPidDecoder frame = reader.sendToPid();
                    frame.sender();
                    frame.target();
                    decoder.decodeVarData(frame);
                }
                accepted++;
            } catch (MalformedFrameException expected) {
                refused.merge(expected.problem(), 1, Integer::sum);
            } catch (Throwable t) {
                throw failure("frame", length, t);
            }
        }
        report("frames", accepted);
        assertTrue(accepted > 0 && !refused.isEmpty(), "the fuzz reached both outcomes");
    }

    @Test
    void payloadsGiveAValueOrTheTypedException() {
        Random random = new Random(SEED + 1);
        List<Object> samples = List.of(
            List.of(PID, REF, "héllo", 1L, -7, 2.5, new byte[]{1, 2}, Map.of("k", new Point(3, 4)), Color.GREEN,
                ExitReason.other("why")),
            Map.of("a", List.of(1, 2, 3), "b", Map.of(PID, REF), "c", new Point(-1, 1)),
            new byte[MAX_MESSAGE - 64],
            List.of(new io.spore.api.Down(REF, PID, ExitReason.NORMAL), new io.spore.api.Exit(PID,
                ExitReason.KILLED)),
            "x".repeat(70_000));
        int accepted = 0;
        for (int round = 0; round < COUNT; round++) {
            int length;
            if (random.nextInt(10) == 0) {
                length = randomBytes(random, sizeOf(random));
                if (length > 0 && random.nextBoolean()) {
                    bytes.putByte(0, PayloadFormat.VERSION);
                }
            } else {
                Object sample = samples.get(random.nextInt(samples.size()));
                if (sample instanceof byte[] && random.nextInt(100) != 0) {
                    sample = samples.get(0); // the 1 MiB sample now and then only, so the run stays quick
                }
                length = encoder.encode(sample);
                bytes.putBytes(0, encoder.buffer(), 0, length);
                length = mutate(random, length, 1);
            }
            try {
                decoder.decode(bytes, 0, length);
                accepted++;
            } catch (MalformedFrameException expected) {
                refused.merge(expected.problem(), 1, Integer::sum);
            } catch (Throwable t) {
                throw failure("payload", length, t);
            }
        }
        report("payloads", accepted);
        assertTrue(accepted > 0 && !refused.isEmpty(), "the fuzz reached both outcomes");
    }

    /** Mostly small, now and then up to the largest message. */
    private static int sizeOf(Random random) {
        return random.nextInt(1000) == 0 ? random.nextInt(MAX_MESSAGE) : random.nextInt(256);
    }

    private int randomBytes(Random random, int length) {
        for (int i = 0; i < length; i++) {
            bytes.putByte(i, (byte) random.nextInt(256));
        }
        return length;
    }

    /**
     * One of: a few flipped bits, a few bytes overwritten, cut short, lengthened with random bytes, a run of bytes
     * duplicated, or left valid. Bytes before {@code keep} stay as they are.
     */
    private int mutate(Random random, int length, int keep) {
        if (length <= keep) {
            return length;
        }
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = keep + random.nextInt(length - keep);
                    bytes.putByte(at, (byte) (bytes.getByte(at) ^ (1 << random.nextInt(8))));
                }
            }
            case 1 -> {
                for (int writes = 1 + random.nextInt(4); writes > 0; writes--) {
                    bytes.putByte(keep + random.nextInt(length - keep), (byte) interesting(random));
                }
            }
            case 2 -> length = keep + random.nextInt(length - keep);
            case 3 -> {
                int extra = 1 + random.nextInt(64);
                for (int i = 0; i < extra; i++) {
                    bytes.putByte(length + i, (byte) random.nextInt(256));
                }
                length += extra;
            }
            case 4 -> {
                int from = keep + random.nextInt(length - keep);
                int run = Math.min(1 + random.nextInt(32), length - from);
                if (length + run < MAX_MESSAGE) {
                    bytes.putBytes(length, bytes, from, run);
                    length += run;
                }
            }
            default -> {
                // valid
            }
        }
        return length;
    }

    /** Bytes that tend to matter: tags, lengths at the edges, the continuation bit. */
    private static int interesting(Random random) {
        int[] values = {0x00, 0x01, 0x7F, 0x80, 0xFF, PayloadFormat.LIST, PayloadFormat.MAP, PayloadFormat.SET,
            PayloadFormat.RECORD, PayloadFormat.DOWN, PayloadFormat.EXIT, PayloadFormat.STRING, PayloadFormat.BYTES};
        return random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextInt(256);
    }

    private AssertionError failure(String what, int length, Throwable t) {
        String hex = HexFormat.of().formatHex(bytes.byteArray(), 0, Math.min(length, 256));
        return new AssertionError("a " + length + "-byte " + what + " (seed " + SEED + ", first bytes " + hex
            + ") threw " + t, t);
    }

    private void report(String what, int accepted) {
        int total = refused.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(COUNT, accepted + total);
        System.out.println("fuzz: " + COUNT + " " + what + " (seed " + SEED + "): " + accepted + " accepted, "
            + total + " refused with a typed error " + refused + ", 0 other throwables");
    }
}
