package io.spore.wire;

import io.spore.wire.MalformedFrameException.Problem;
import io.spore.wire.Samples.Point;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payloads made to hurt the reader: tags nested without end, counts that claim the whole frame at every level, and
 * keys that share one hash code. Each ends in the typed exception, quickly and without a burst of allocation.
 */
class PayloadHostileTest {
    /** The largest message a peer may send by default (a 16 MiB term carries at most term / 8). */
    private static final int MAX_MESSAGE = 1 << 20;

    private final TypeRegistry registry = Samples.registry();
    private final PayloadDecoder decoder = new PayloadDecoder(registry);

    private MalformedFrameException refused(byte[] payload) {
        return assertThrows(MalformedFrameException.class,
            () -> decoder.decode(new UnsafeBuffer(payload), 0, payload.length));
    }

    /** The reproduction: version 1, then 0x15 (DOWN) to the end, once a stack overflow that killed the agent. */
    @Test
    void downTagsNestedToTheEndAreATypedError() {
        byte[] bomb = new byte[200_000];
        java.util.Arrays.fill(bomb, PayloadFormat.DOWN);
        bomb[0] = PayloadFormat.VERSION;
        assertEquals(Problem.BAD_VALUE, refused(bomb).problem());
    }

    @Test
    void everyTagThatHoldsValuesIsBounded() {
        for (byte tag : new byte[]{PayloadFormat.DOWN, PayloadFormat.EXIT}) {
            byte[] bomb = new byte[MAX_MESSAGE];
            java.util.Arrays.fill(bomb, tag);
            bomb[0] = PayloadFormat.VERSION;
            assertEquals(Problem.BAD_VALUE, refused(bomb).problem(), "tag " + tag);
        }
        for (byte tag : new byte[]{PayloadFormat.LIST, PayloadFormat.SET, PayloadFormat.MAP}) {
            ByteBuffer bomb = payload(MAX_MESSAGE);
            while (bomb.remaining() >= 2) {
                bomb.put(tag).put((byte) 1);
            }
            assertEquals(Problem.TOO_DEEP, refused(bomb.array()).problem(), "tag " + tag);
        }
        // A record whose component holds the next record: test.node is (String label, List<Node> children).
        ByteBuffer records = payload(MAX_MESSAGE);
        byte[] type = "test.node".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        while (records.remaining() > 32) {
            records.put(PayloadFormat.RECORD).put((byte) type.length).put(type).put((byte) 2)
                .put(PayloadFormat.NULL).put(PayloadFormat.LIST).put((byte) 1);
        }
        MalformedFrameException nested = refused(records.array());
        assertEquals(Problem.TOO_DEEP, nested.problem(), nested.getMessage());
    }

    /**
     * Each list claims nearly all the bytes left as its count and holds the next list first: every level once
     * allocated the frame's length in slots before the bytes ran out. Now the first allocation is small, whatever
     * the claim.
     */
    @Test
    void countsThatClaimTheWholeFrameAtEveryLevelAllocateLittle() {
        ByteBuffer bomb = payload(MAX_MESSAGE);
        for (int level = 0; level < PayloadFormat.MAX_DEPTH - 1; level++) {
            bomb.put(PayloadFormat.LIST);
            putVarint(bomb, bomb.remaining() - 8);
        }
        long before = allocatedBytes();
        MalformedFrameException e = refused(bomb.array());
        long allocated = allocatedBytes() - before;
        // The value budget refuses the second claim (two claims of the whole frame exceed it), the bytes the rest.
        assertTrue(e.problem() == Problem.TOO_LARGE || e.problem() == Problem.TRUNCATED, e.getMessage());
        assertTrue(allocated < 4 * MAX_MESSAGE, "decoding allocated " + allocated + " bytes");
    }

    @Test
    void containersBeyondTheBudgetAreRefused() {
        ByteBuffer many = payload(MAX_MESSAGE);
        int sets = (MAX_MESSAGE - 16) / 2;
        many.put(PayloadFormat.LIST);
        putVarint(many, sets);
        for (int i = 0; i < sets && many.remaining() >= 2; i++) {
            many.put(PayloadFormat.SET).put((byte) 0);
        }
        MalformedFrameException e = refused(many.array());
        assertEquals(Problem.TOO_LARGE, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(PayloadFormat.MAX_CONTAINERS)), e.getMessage());
    }

    /**
     * 1 MiB of map keys that all share one hash code and are not comparable (two-element lists [a, -31a], whose
     * hash is 31 * (31 + a) - 31 a = 961): once n² equality tests, now refused at the seventeenth key.
     */
    @Test
    void keysThatShareAHashCodeAreRefusedAsFlooding() {
        ByteBuffer flood = payload(MAX_MESSAGE);
        int keys = (MAX_MESSAGE - 16) / 16;
        flood.put(PayloadFormat.MAP);
        putVarint(flood, keys);
        for (int a = 1; a <= keys && flood.remaining() >= 16; a++) {
            flood.put(PayloadFormat.LIST).put((byte) 2);
            putInt(flood, a);
            putInt(flood, -31 * a);
            flood.put(PayloadFormat.NULL);
        }
        long started = System.nanoTime();
        MalformedFrameException e = refused(flood.array());
        assertEquals(Problem.HASH_FLOODING, e.problem(), e.getMessage());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refusing the flood took over 5 s");

        // The same for a set of records with one hash code.
        ByteBuffer records = payload(MAX_MESSAGE);
        byte[] type = "test.point".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        records.put(PayloadFormat.SET);
        putVarint(records, 1000);
        for (int x = 1; x <= 1000; x++) {
            records.put(PayloadFormat.RECORD).put((byte) type.length).put(type).put((byte) 2);
            putInt(records, x);
            putInt(records, -31 * x);
        }
        assertEquals(Problem.HASH_FLOODING, refused(java.util.Arrays.copyOf(records.array(), records.position()))
            .problem());
    }

    /** Honest large maps of strings and numbers, and records with a few shared hashes, still decode. */
    @Test
    void honestLargeMapsAndSetsStillDecode() {
        PayloadEncoder encoder = new PayloadEncoder(registry);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            map.put("key-" + i, i);
            map.put((long) i, "v");
        }
        // "Aa" and "BB" share a hash code; strings are comparable, so a HashMap handles any number of them.
        List<Object> colliding = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 1024; i++) {
            word.setLength(0);
            for (int bit = 0; bit < 10; bit++) {
                word.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            map.put(word.toString(), i);
        }
        for (int i = 0; i < PayloadFormat.MAX_KEYS_PER_HASH; i++) {
            colliding.add(new Point(i, -31 * i));
        }
        map.put("points", new java.util.HashSet<>(colliding));
        int length = encoder.encode(map);
        assertEquals(map, decoder.decode(encoder.buffer(), 0, length));
    }

    private static ByteBuffer payload(int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(PayloadFormat.VERSION);
        return buffer;
    }

    private static void putInt(ByteBuffer into, int value) {
        into.put(PayloadFormat.INT);
        putVarint(into, ((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
    }

    private static void putVarint(ByteBuffer into, long value) {
        while ((value & ~0x7FL) != 0) {
            into.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        into.put((byte) value);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
