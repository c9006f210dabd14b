package io.spore.wire;

import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.wire.MalformedFrameException.Problem;
import io.spore.wire.Samples.Color;
import io.spore.wire.Samples.Everything;
import io.spore.wire.Samples.Point;
import io.spore.wire.Samples.Positive;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.spore.wire.Samples.PID;
import static io.spore.wire.Samples.REF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Whatever the bytes, decoding gives a value or a MalformedFrameException, and never hangs or allocates wildly. */
class PayloadDecodeErrorsTest {
    private final TypeRegistry registry = Samples.registry();
    private final PayloadEncoder encoder = new PayloadEncoder(registry);
    private final PayloadDecoder decoder = new PayloadDecoder(registry);

    private MalformedFrameException malformed(Problem problem, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length));
        assertEquals(problem, e.problem(), e.getMessage());
        return e;
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void versionsTagsAndLeftovers() {
        malformed(Problem.TRUNCATED, "");
        malformed(Problem.TRUNCATED, "01");
        malformed(Problem.UNSUPPORTED_VERSION, "0200");
        malformed(Problem.UNSUPPORTED_VERSION, "0000");
        malformed(Problem.BAD_TAG, "017f");
        malformed(Problem.BAD_TAG, "01ff");
        malformed(Problem.TRAILING_BYTES, "010000");
        assertThrows(MalformedFrameException.class, () -> decoder.decode(new UnsafeBuffer(new byte[4]), 2, 5));
        assertThrows(MalformedFrameException.class, () -> decoder.decode(new UnsafeBuffer(new byte[4]), -1, 2));
    }

    @Test
    void numbersOutOfRange() {
        malformed(Problem.BAD_VALUE, "0105" + "8080808010");             // 2^32 zigzagged is no int
        malformed(Problem.BAD_VALUE, "0104" + "808004");                 // 65536 zigzagged is no short
        malformed(Problem.BAD_VALUE, "0106" + "ffffffffffffffffffff01"); // 11 bytes
        malformed(Problem.BAD_VALUE, "0106" + "ffffffffffffffffff7f");   // 70 bits
        malformed(Problem.BAD_VALUE, "0109" + "808004");                 // no UTF-16 code unit
        malformed(Problem.TRUNCATED, "0106" + "ffff");
        malformed(Problem.TRUNCATED, "0107" + "000000");
    }

    @Test
    void lengthsTheBytesCannotHoldAreRefusedBeforeAllocating() {
        malformed(Problem.TRUNCATED, "010a" + "ffffffff07");        // a 2 GiB string
        malformed(Problem.TRUNCATED, "010b" + "ffffffffffffffff7f"); // a byte[] longer than any array
        malformed(Problem.TRUNCATED, "0120" + "ffffffff07" + "00");  // a list of 2^31 nulls in one byte
        malformed(Problem.TRUNCATED, "0122" + "02" + "0000");        // a map of two entries in two bytes
        malformed(Problem.TRUNCATED, "010a" + "05" + "6869");
    }

    @Test
    void nestingIsBounded() {
        StringBuilder deep = new StringBuilder("01");
        for (int i = 0; i <= PayloadFormat.MAX_DEPTH; i++) {
            deep.append("2001");
        }
        deep.append("00");
        malformed(Problem.TOO_DEEP, deep.toString());

        byte[] bomb = new byte[1 + 2 * 1_000_000];
        bomb[0] = PayloadFormat.VERSION;
        for (int i = 1; i < bomb.length; i += 2) {
            bomb[i] = PayloadFormat.LIST;
            bomb[i + 1] = 1;
        }
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> decoder.decode(new UnsafeBuffer(bomb), 0, bomb.length));
        assertEquals(Problem.TOO_DEEP, e.problem());
    }

    @Test
    void sporeValuesAreValidated() {
        malformed(Problem.BAD_VALUE, "0112" + "01" + ascii("!"));                          // bad name
        malformed(Problem.BAD_VALUE, "0113" + "03" + ascii("a@@"));                        // bad node name
        malformed(Problem.BAD_VALUE, "0110" + "03" + ascii("a@b") + "ffffffffffffffffff01" + "00000000"); // id < 0
        malformed(Problem.BAD_VALUE, "0115" + "01" + "01" + "01");                       // a Down of booleans
        assertEquals(new Down(REF, PID, ExitReason.NORMAL),
            decoder.decode(buffer(new Down(REF, PID, ExitReason.NORMAL)), 0, encoder.encode(new Down(REF, PID,
                ExitReason.NORMAL))));
        byte[] unknownKind = HexFormat.of().parseHex("0114" + "c8" + "02" + ascii("hm"));
        ExitReason reason = (ExitReason) decoder.decode(new UnsafeBuffer(unknownKind), 0, unknownKind.length);
        assertEquals(ExitReason.Kind.OTHER, reason.kind(), "a newer peer's kind reads as OTHER");
        assertEquals("hm", reason.description());
    }

    @Test
    void registeredTypesMustMatch() {
        String message = malformed(Problem.UNKNOWN_TYPE, "0131" + "07" + ascii("no.such") + "01" + ascii("A"))
            .getMessage();
        assertTrue(message.contains("'no.such'"), message);
        malformed(Problem.BAD_VALUE, "0131" + "0a" + ascii("test.color") + "04" + ascii("BLUE"));
        malformed(Problem.BAD_VALUE, "0131" + "0a" + ascii("test.point") + "03" + ascii("RED"));
        malformed(Problem.BAD_VALUE, "0130" + "0a" + ascii("test.color") + "00");
        malformed(Problem.BAD_VALUE, "0130" + "0a" + ascii("test.point") + "01" + "0502");          // arity
        malformed(Problem.BAD_VALUE, "0130" + "0a" + ascii("test.point") + "02" + "0602" + "0504"); // long for int
        malformed(Problem.BAD_VALUE, "0130" + "0a" + ascii("test.point") + "02" + "00" + "0504");   // null for int
        MalformedFrameException refused = malformed(Problem.BAD_VALUE,
            "0130" + "0d" + ascii("test.positive") + "01" + "0500");
        assertTrue(refused.getCause() instanceof IllegalArgumentException, "the constructor's own check applies");
        assertEquals(new Positive(3), decoder.decode(buffer(new Positive(3)), 0, encoder.encode(new Positive(3))));
    }

    @Test
    void anUnregisteredTypeFailsToDecodeAfterItsBundleLeft() {
        int length = encoder.encode(new Point(1, 2));
        registry.unregister(Point.class);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> decoder.decode(encoder.buffer(), 0, length));
        assertEquals(Problem.UNKNOWN_TYPE, e.problem());
    }

    @Test
    void truncatedAtEveryLength() {
        Object rich = List.of(PID, REF, "héllo", 1L, -7, 2.5, new byte[]{1, 2}, Map.of("k", new Point(3, 4)),
            Color.GREEN, new Everything(true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, 'c', "t", new byte[3], PID,
                Color.RED, new Point(0, 0), List.of(), Map.of(), null), ExitReason.other("why"));
        int length = encoder.encode(rich);
        for (int cut = 0; cut < length; cut++) {
            try {
                decoder.decode(encoder.buffer(), 0, cut);
                fail("a payload cut to " + cut + " of " + length + " bytes decoded");
            } catch (MalformedFrameException expected) {
                // the only acceptable outcome
            }
        }
        assertTrue(decoder.decode(encoder.buffer(), 0, length) instanceof List<?> list && list.size() == 11);
    }

    @Test
    void randomBytesAndMutationsGiveAValueOrTheTypedException() {
        Random random = new Random(20261121L);
        ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(256);
        int decoded = 0;
        for (int round = 0; round < 50_000; round++) {
            int length = random.nextInt(48);
            for (int i = 0; i < length; i++) {
                bytes.putByte(i, (byte) random.nextInt(256));
            }
            if (length > 0 && random.nextBoolean()) {
                bytes.putByte(0, PayloadFormat.VERSION);
            }
            decoded += decodeOrMalformed(bytes, length);
        }
        int length = encoder.encode(List.of(PID, Map.of("k", List.of(new Point(1, 2), Color.RED)), "text", 5L));
        byte[] valid = new byte[length];
        encoder.buffer().getBytes(0, valid);
        for (int round = 0; round < 50_000; round++) {
            bytes.putBytes(0, valid);
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = random.nextInt(length);
                bytes.putByte(at, (byte) (bytes.getByte(at) ^ (1 << random.nextInt(8))));
            }
            decoded += decodeOrMalformed(bytes, length);
        }
        assertTrue(decoded > 0, "some random inputs are valid payloads");
    }

    private int decodeOrMalformed(ExpandableArrayBuffer bytes, int length) {
        try {
            decoder.decode(bytes, 0, length);
            return 1;
        } catch (MalformedFrameException expected) {
            return 0;
        } catch (Throwable t) {
            throw new AssertionError("decoding " + HexFormat.of().formatHex(bytes.byteArray(), 0, length)
                + " threw " + t, t);
        }
    }

    private UnsafeBuffer buffer(Object value) {
        int length = encoder.encode(value);
        byte[] bytes = new byte[length];
        encoder.buffer().getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }
}
