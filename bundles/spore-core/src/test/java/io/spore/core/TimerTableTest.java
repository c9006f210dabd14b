package io.spore.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process's table of timers by ref id, checked against a {@link HashMap} under random use. */
class TimerTableTest {
    @Test
    void behavesAsAMapUnderRandomPutsAndRemoves() {
        Random random = new Random(17);
        TimerTable table = new TimerTable();
        Map<Long, ProcessTimer> expected = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            if (ids.isEmpty() || random.nextInt(3) > 0 && ids.size() < 5_000) {
                // Ids that share their low bits, so that probes run long and deletions shift entries around.
                long id = random.nextInt(4) == 0 ? ((long) random.nextInt(1 << 20) << 32) : random.nextLong();
                if (id == 0 || expected.containsKey(id)) {
                    continue;
                }
                ProcessTimer timer = timer(id);
                table.put(timer);
                expected.put(id, timer);
                ids.add(id);
            } else {
                long id = ids.remove(random.nextInt(ids.size()));
                assertSame(expected.remove(id), table.remove(id));
                assertNull(table.remove(id), "removed once");
            }
            assertEquals(expected.size(), table.size());
        }
        for (long id : ids) {
            assertSame(expected.get(id), table.remove(id), "still found after every shift and shrink");
        }
        assertEquals(0, table.size());
        ProcessTimer again = timer(42);
        table.put(again);
        assertSame(again, table.remove(42), "emptied and used again");
    }

    @Test
    void aTableThatEmptiesGivesItsRoomBack() {
        TimerTable table = new TimerTable();
        for (long id = 1; id <= 100_000; id++) {
            table.put(timer(id));
        }
        int full = table.capacity();
        for (long id = 1; id <= 99_990; id++) {
            table.remove(id);
        }
        assertEquals(10, table.size());
        assertTrue(table.capacity() <= 2 * ProcessTimers.SPARES_MAX, "capacity " + table.capacity() + " after holding "
            + full);
        for (long id = 99_991; id <= 100_000; id++) {
            assertEquals(id, table.remove(id).refId);
        }
    }

    @Test
    void removeSpentKeepsOnlyTimersThatMayStillFire() {
        TimerTable table = new TimerTable();
        Map<Long, ProcessTimer> pending = new HashMap<>();
        for (long id = 1; id <= 10_000; id++) {
            ProcessTimer timer = timer(id * 0x1_0000_0001L);
            if (id % 3 == 0) {
                timer.handOver();
                timer.cancel(); // spent
            } else {
                pending.put(timer.refId, timer);
            }
            table.put(timer);
        }
        table.removeSpent();
        assertEquals(pending.size(), table.size());
        for (Map.Entry<Long, ProcessTimer> entry : pending.entrySet()) {
            assertSame(entry.getValue(), table.remove(entry.getKey()));
        }
    }

    private static ProcessTimer timer(long id) {
        return new ProcessTimer(null).reset(id, null, null, "m", 0, 0, false);
    }
}
