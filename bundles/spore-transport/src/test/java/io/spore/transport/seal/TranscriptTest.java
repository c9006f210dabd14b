package io.spore.transport.seal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TranscriptTest {
    private static byte[] hash(String label, Consumer<Transcript> items) {
        Transcript transcript = new Transcript(label);
        items.accept(transcript);
        return transcript.hash();
    }

    private static void assertDiffer(Consumer<Transcript> one, Consumer<Transcript> other, String why) {
        assertFalse(java.util.Arrays.equals(hash("t", one), hash("t", other)), why);
    }

    @Test
    void theSameItemsInTheSameOrderHashAlike() {
        Consumer<Transcript> handshake = t -> t.add("a@alpha").add("b@beta").add(11).add(22L).add(new byte[] {1, 2})
            .add(true);
        byte[] hash = hash("spore handshake v3", handshake);
        assertEquals(32, hash.length);
        assertArrayEquals(hash, hash("spore handshake v3", handshake));
    }

    @Test
    void boundariesBetweenItemsAreUnambiguous() {
        assertDiffer(t -> t.add("ab").add("c"), t -> t.add("a").add("bc"), "moving a byte across a boundary");
        assertDiffer(t -> t.add(new byte[0]).add(new byte[] {1}), t -> t.add(new byte[] {1}).add(new byte[0]),
            "empty items count");
        assertDiffer(t -> t.add("x"), t -> t.add("x").add(""), "an empty item is an item");
    }

    @Test
    void typesAreUnambiguous() {
        assertDiffer(t -> t.add(1), t -> t.add(1L), "an int is not a long");
        assertDiffer(t -> t.add("ab"), t -> t.add("ab".getBytes(StandardCharsets.UTF_8)), "text is not bytes");
        assertDiffer(t -> t.add(true), t -> t.add(new byte[] {1}), "a boolean is not a byte");
    }

    @Test
    void orderLabelAndEveryValueMatter() {
        assertDiffer(t -> t.add("a").add("b"), t -> t.add("b").add("a"), "order");
        assertDiffer(t -> t.add(0x10), t -> t.add(0x11), "one flag bit");
        assertDiffer(t -> t.add(1400), t -> t.add(1399), "a size");
        assertFalse(java.util.Arrays.equals(hash("spore handshake v3", t -> t.add(1)),
            hash("spore handshake v4", t -> t.add(1))), "the label and version");
    }

    @Test
    void aHashDoesNotEndTheTranscript() {
        Transcript transcript = new Transcript("t").add("hello");
        byte[] first = transcript.hash();
        assertArrayEquals(first, transcript.hash());
        transcript.add("more");
        assertFalse(java.util.Arrays.equals(first, transcript.hash()));
        assertArrayEquals(transcript.hash(), hash("t", t -> t.add("hello").add("more")));
    }

    @Test
    void byteItemsAreCopied() {
        byte[] nonce = {1, 2, 3};
        Transcript transcript = new Transcript("t").add(nonce);
        byte[] before = transcript.hash();
        nonce[0] = 9;
        assertArrayEquals(before, transcript.hash());
    }
}
