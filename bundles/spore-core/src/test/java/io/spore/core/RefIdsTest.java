package io.spore.core;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefIdsTest {
    @Test
    void idsAreUniqueAndNoSequence() {
        RefIds ids = new RefIds(new SecureRandom());
        Set<Long> seen = new HashSet<>();
        long previous = ids.next();
        seen.add(previous);
        int steps = 0;
        for (int i = 1; i < 1_000_000; i++) {
            long id = ids.next();
            assertTrue(seen.add(id), "id " + id + " came twice");
            if (id - previous == 1 || previous - id == 1) {
                steps++;
            }
            previous = id;
        }
        assertTrue(steps < 3, steps + " ids followed their predecessor by one");
    }

    @Test
    void eachNodeHasItsOwnPermutation() {
        RefIds one = new RefIds(new SecureRandom());
        RefIds other = new RefIds(new SecureRandom());
        assertNotEquals(one.permute(1), other.permute(1));
        assertEquals(one.permute(12345), one.permute(12345));
    }

    @Test
    void thePermutationIsABijectionOnItsEdges() {
        RefIds ids = new RefIds(new SecureRandom());
        Set<Long> seen = new HashSet<>();
        for (long value : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, (1L << 32) - 1}) {
            assertTrue(seen.add(ids.permute(value)), "collision at " + value);
        }
    }
}
