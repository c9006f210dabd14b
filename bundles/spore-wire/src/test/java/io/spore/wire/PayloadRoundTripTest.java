package io.spore.wire;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.wire.Samples.Color;
import io.spore.wire.Samples.Everything;
import io.spore.wire.Samples.Node;
import io.spore.wire.Samples.Point;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.spore.wire.Samples.NODE;
import static io.spore.wire.Samples.PID;
import static io.spore.wire.Samples.REF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadRoundTripTest {
    private final TypeRegistry registry = Samples.registry();
    private final PayloadEncoder encoder = new PayloadEncoder(registry);
    private final PayloadDecoder decoder = new PayloadDecoder(registry);

    private Object roundTrip(Object value) {
        int length = encoder.encode(value);
        return decoder.decode(encoder.buffer(), 0, length);
    }

    private void assertRoundTrip(Object value) {
        Object back = roundTrip(value);
        assertEquals(value, back);
        if (value != null) {
            assertEquals(value.getClass(), back.getClass(), "type kept for " + value);
        }
    }

    @Test
    void nullAndBooleans() {
        assertNull(roundTrip(null));
        assertSame(Boolean.TRUE, roundTrip(true));
        assertSame(Boolean.FALSE, roundTrip(false));
    }

    @Test
    void integersKeepTheirTypeAndRange() {
        for (byte b : new byte[]{0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE}) {
            assertRoundTrip(b);
        }
        for (short s : new short[]{0, 1, -1, 63, -64, 64, Short.MIN_VALUE, Short.MAX_VALUE}) {
            assertRoundTrip(s);
        }
        for (int i : new int[]{0, 1, -1, 63, -64, 64, 8191, 8192, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertRoundTrip(i);
        }
        for (long l : new long[]{0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 35, -(1L << 49)}) {
            assertRoundTrip(l);
        }
    }

    @Test
    void floatsKeepTheirBits() {
        for (float f : new float[]{0f, -0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE}) {
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((Float) roundTrip(f)));
        }
        for (double d : new double[]{0d, -0d, Math.PI, Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE}) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) roundTrip(d)));
        }
    }

    @Test
    void charsAndStrings() {
        for (char c : new char[]{'a', '\0', 'é', '\uFFFF', '\uD800'}) {
            assertRoundTrip(c);
        }
        for (String s : new String[]{"", "hello", "héllo wörld", "日本語", "emoji \uD83D\uDE00 ok",
            "a".repeat(70_000)}) {
            assertRoundTrip(s);
        }
        assertEquals("lone ? surrogate", roundTrip("lone \uD800 surrogate"), "written as Java's encoder does");
    }

    @Test
    void byteArrays() {
        byte[] bytes = new byte[1000];
        Arrays.fill(bytes, (byte) 0xA5);
        assertArrayEquals(bytes, (byte[]) roundTrip(bytes));
        assertArrayEquals(new byte[0], (byte[]) roundTrip(new byte[0]));
    }

    @Test
    void sporeTypes() {
        assertRoundTrip(PID);
        assertRoundTrip(new Pid(NODE, 0, 0));
        assertRoundTrip(new Pid(NODE, Long.MAX_VALUE, Integer.MIN_VALUE));
        assertRoundTrip(REF);
        assertRoundTrip(Name.of("echo-server/v1:main"));
        assertRoundTrip(NodeName.parse("x@127.0.0.1"));
        assertRoundTrip(new Down(REF, PID, ExitReason.NOCONNECTION));
        assertRoundTrip(new Exit(PID, ExitReason.other("bored")));
        assertRoundTrip(new Down(null, null, null));
    }

    @Test
    void everyExitReasonKind() {
        List<ExitReason> reasons = List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.KILLED,
            ExitReason.NOPROC, ExitReason.NOCONNECTION, ExitReason.factoryWithdrawn(Name.of("echo")),
            ExitReason.other("custom \u00e9"), ExitReason.error(new IllegalStateException("boom")));
        for (ExitReason reason : reasons) {
            ExitReason back = (ExitReason) roundTrip(reason);
            assertEquals(reason.kind(), back.kind());
            assertEquals(reason.description(), back.description());
        }
        assertSame(ExitReason.NORMAL, roundTrip(ExitReason.NORMAL), "shared constants come back as themselves");
        assertEquals(ExitReason.Kind.ERROR, ((ExitReason) roundTrip(ExitReason.error(new Error("x")))).kind());
        ExitReason noDescription = (ExitReason) roundTrip(ExitReason.of(ExitReason.Kind.OTHER, null));
        assertEquals("", noDescription.description(), "a missing description travels as empty");
    }

    @Test
    void collectionsComeBackInOrderAndMutable() {
        List<Object> list = new ArrayList<>(Arrays.asList(1, "two", null, 3.0, List.of()));
        Object back = roundTrip(list);
        assertInstanceOf(ArrayList.class, back);
        assertEquals(list, back);

        assertEquals(List.of(1L, 2L), roundTrip(List.of(1L, 2L)));
        assertEquals(new ArrayList<>(new TreeSet<>(Set.of(3, 1, 2))),
            new ArrayList<>((Set<?>) roundTrip(new TreeSet<>(Set.of(3, 1, 2)))), "order as written");
        assertInstanceOf(LinkedHashSet.class, roundTrip(Set.of("a")));

        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("k", 1);
        map.put(2, null);
        map.put(PID, List.of(REF));
        map.put(null, "null key");
        assertEquals(map, roundTrip(map));
        assertInstanceOf(LinkedHashMap.class, roundTrip(new TreeMap<>(Map.of("b", 1, "a", 2))));
        assertEquals(new HashMap<>(), roundTrip(Map.of()));
    }

    @Test
    void registeredRecordsAndEnums() {
        assertRoundTrip(new Point(3, -4));
        assertSame(Color.RED, roundTrip(Color.RED));
        assertSame(Color.GREEN, roundTrip(Color.GREEN), "a constant with a body is its enum's");

        Everything everything = new Everything(true, (byte) -2, (short) 300, -70_000, 1L << 40, 2.5f, -0.125, 'Z',
            "text", new byte[]{1, 2, 3}, PID, Color.GREEN, new Point(1, 2),
            List.of(new Point(5, 6), Color.RED, "x"), Map.of("nested", Map.of("deep", List.of(1))), REF);
        Everything back = (Everything) roundTrip(everything);
        assertArrayEquals(everything.bytes(), back.bytes());
        assertEquals(withoutBytes(everything), withoutBytes(back), "every other component, by value");

        assertEquals(Samples.hidden("psst"), roundTrip(Samples.hidden("psst")),
            "a private record is written and rebuilt through its own accessors and constructor");
    }

    private static Everything withoutBytes(Everything e) {
        return new Everything(e.flag(), e.b(), e.s(), e.i(), e.l(), e.f(), e.d(), e.c(), e.text(), null, e.pid(),
            e.color(), e.point(), e.items(), e.attrs(), e.anything());
    }

    @Test
    void nestingUpToTheLimit() {
        Object deepest = "bottom";
        for (int i = 0; i < PayloadFormat.MAX_DEPTH; i++) {
            deepest = List.of(deepest);
        }
        assertEquals(deepest, roundTrip(deepest));

        Node tree = new Node("root", List.of(new Node("a", List.of()), new Node("b", List.of(new Node("c",
            List.of())))));
        assertEquals(tree, roundTrip(tree));
    }

    @Test
    void encodesIntoTheCallersBufferAtAnOffset() {
        ExpandableArrayBuffer target = new ExpandableArrayBuffer(4);
        int length = encoder.encode(List.of(PID, "x"), target, 100);
        assertEquals(List.of(PID, "x"), decoder.decode(target, 100, length));

        UnsafeBuffer fixed = new UnsafeBuffer(new byte[64]);
        int n = encoder.encode("fits", fixed, 10);
        assertEquals("fits", decoder.decode(fixed, 10, n));
    }

    @Test
    void theEncoderAndDecoderAreReusable() {
        for (int i = 0; i < 1000; i++) {
            assertEquals((long) i, roundTrip((long) i));
            assertEquals("m" + i, roundTrip("m" + i));
        }
        assertTrue(encoder.buffer().capacity() < 1024, "the scratch buffer stays small for small messages");
    }

    @Test
    void aShortStringReadAgainIsTheStringReadBefore() {
        Object first = roundTrip("ping");
        assertEquals("ping", first);
        assertSame(first, roundTrip("ping"));
        assertSame(first, ((List<?>) roundTrip(List.of("ping", 1L))).get(0), "inside a container too");
    }

    @Test
    void longOrNonAsciiStringsAreReadAfreshAndRight() {
        String long33 = "a".repeat(RecentTexts.MAX_LENGTH + 1);
        Object first = roundTrip(long33);
        assertEquals(long33, first);
        assertNotSame(first, roundTrip(long33));
        assertEquals("héllo", roundTrip("héllo"));
        assertEquals("héllo", roundTrip("héllo"));
        assertEquals("日本", roundTrip("日本"));
    }

    /** Thousands of strings share the decoder's 64 slots of recent strings: each still reads as itself. */
    @Test
    void collidingRecentStringsEachReadAsThemselves() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                String text = "tag-" + i;
                assertEquals(text, roundTrip(text));
                assertEquals(text, roundTrip(text));
            }
        }
        assertEquals("", roundTrip(""));
    }
}
