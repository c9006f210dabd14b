package io.spore.launcher;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogRingTest {
    private static void write(LogRing ring, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ring.write(bytes, 0, bytes.length);
    }

    private static String kept(LogRing ring) {
        return new String(ring.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsEverythingUntilFull() {
        LogRing ring = new LogRing(8);
        write(ring, "abc");
        write(ring, "def");
        assertEquals("abcdef", kept(ring));
        assertEquals("abcdef", ring.text());
    }

    @Test
    void keepsTheLatestBytesWhenItWraps() {
        LogRing ring = new LogRing(8);
        write(ring, "abcdef");
        write(ring, "ghij");
        assertEquals("cdefghij", kept(ring));
        assertEquals(10, ring.written());
        assertEquals("[... 2 earlier bytes dropped ...]\ncdefghij", ring.text());
    }

    @Test
    void aWriteLargerThanTheRingKeepsItsTail() {
        LogRing ring = new LogRing(4);
        write(ring, "ab");
        write(ring, "0123456789");
        assertEquals("6789", kept(ring));
        write(ring, "x");
        assertEquals("789x", kept(ring));
    }

    @Test
    void manySmallWritesAroundTheEdge() {
        LogRing ring = new LogRing(5);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 23; i++) {
            String piece = Integer.toString(i % 10);
            write(ring, piece);
            all.append(piece);
            String expected = all.length() <= 5 ? all.toString() : all.substring(all.length() - 5);
            assertEquals(expected, kept(ring), "after " + (i + 1) + " writes");
        }
    }

    @Test
    void zeroCapacityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LogRing(0));
    }
}
