package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The cache of short texts a spawn request carries: a text read again, from anywhere in another frame, is the same
 * value without being parsed again; a text that does not parse or is too long is never kept.
 */
class TextCacheTest {
    private final AtomicInteger parsed = new AtomicInteger();
    private final TextCache<NodeName> cache = new TextCache<>(text -> {
        parsed.incrementAndGet();
        return NodeName.parse(text);
    });

    /** {@code text} placed at {@code offset} of a larger frame, as the decoder's view of a variable field. */
    private static UnsafeBuffer view(String text, int offset) {
        byte[] frame = new byte[offset + text.length() + 7];
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, frame, offset, bytes.length);
        return new UnsafeBuffer(frame, offset, bytes.length);
    }

    @Test
    void aTextReadAgainIsTheSameValueAndIsNotParsedAgain() {
        NodeName first = cache.get(view("a@localhost", 3));
        NodeName again = cache.get(view("a@localhost", 17));
        assertSame(first, again);
        assertEquals(1, parsed.get());
        NodeName other = cache.get(view("b@localhost", 0));
        assertEquals(NodeName.parse("b@localhost"), other);
        assertNotSame(first, other);
    }

    @Test
    void aTextThatDoesNotParseIsRefusedEveryTimeAndNeverKept() {
        assertThrows(SporeException.class, () -> cache.get(view("no host", 5)));
        assertThrows(SporeException.class, () -> cache.get(view("no host", 5)));
        assertEquals(2, parsed.get(), "refused texts are parsed (and refused) again, never served from the cache");
    }

    @Test
    void aTextLongerThanAnyNodeNameIsReadButNotKept() {
        TextCache<String> strings = new TextCache<>(text -> {
            parsed.incrementAndGet();
            return text;
        });
        String longText = "x".repeat(TextCache.MAX_CACHED + 1);
        assertEquals(longText, strings.get(view(longText, 1)));
        assertEquals(longText, strings.get(view(longText, 1)));
        assertEquals(2, parsed.get());
        String shortText = "y".repeat(TextCache.MAX_CACHED);
        assertSame(strings.get(view(shortText, 2)), strings.get(view(shortText, 9)));
        assertEquals(3, parsed.get());
    }
}
