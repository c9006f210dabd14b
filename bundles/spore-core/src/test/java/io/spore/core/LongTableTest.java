package io.spore.core;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class LongTableTest {
    @Test
    void putGetRemoveAgreeWithAHashMapThroughChurnAndGrowth() {
        LongTable<Long> table = new LongTable<>();
        Map<Long, Long> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            // Few distinct keys (with colliding low bits) so that runs form, wrap around and get shifted back.
            long key = random.nextInt(1_000) * 1024L;
            if (random.nextBoolean()) {
                Long value = random.nextLong();
                table.put(key, value);
                expected.put(key, value);
            } else {
                assertEquals(expected.remove(key), table.remove(key), "remove " + key);
            }
            if (i % 997 == 0) {
                for (long k = 0; k < 1_000; k++) {
                    assertEquals(expected.get(k * 1024L), table.get(k * 1024L), "get " + k * 1024L);
                }
            }
        }
        assertEquals(expected.size(), table.size());
    }

    @Test
    void removeIfTakesExactlyTheSelectedEntries() {
        LongTable<Long> table = new LongTable<>();
        for (long key = 0; key < 5_000; key++) {
            table.put(key, key);
        }
        List<Long> removed = table.removeIf(value -> value % 3 == 0);
        assertEquals(1_667, removed.size());
        assertEquals(5_000 - 1_667, table.size());
        for (long key = 0; key < 5_000; key++) {
            if (key % 3 == 0) {
                assertNull(table.get(key));
            } else {
                assertEquals(key, table.get(key));
            }
        }
    }

    @Test
    void putReplacesAndZeroIsAKey() {
        LongTable<String> table = new LongTable<>();
        table.put(0, "a");
        table.put(0, "b");
        assertSame("b", table.get(0));
        assertEquals(1, table.size());
        assertSame("b", table.remove(0));
        assertNull(table.remove(0));
    }
}
