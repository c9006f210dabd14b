package io.spore.wire;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A short string that comes again is read as the string read before; every string still reads as it was sent. */
class RecentTextsTest {
    private final TypeRegistry registry = Samples.registry();
    private final PayloadEncoder encoder = new PayloadEncoder(registry);
    private final PayloadDecoder decoder = new PayloadDecoder(registry);

    private Object roundTrip(Object value) {
        int length = encoder.encode(value);
        return decoder.decode(encoder.buffer(), 0, length);
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

    /** Thousands of strings share 64 slots: whatever collides, each reads as itself, then and later. */
    @Test
    void collidingStringsEachReadAsThemselves() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                String text = "tag-" + i;
                assertEquals(text, roundTrip(text));
                assertEquals(text, roundTrip(text));
            }
        }
        assertEquals("", roundTrip(""));
    }

    @Test
    void readingARepeatedTagAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
            && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
            "this JVM cannot count a thread's allocations");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int length = encoder.encode("ok");
        int rounds = 100_000;
        for (int warm = 0; warm < 2; warm++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                decoder.decode(encoder.buffer(), 0, length);
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (warm == 1) {
                assertTrue(allocated < rounds / 10, allocated + " bytes allocated by " + rounds + " decodes");
            }
        }
    }
}
