package io.spore.transport;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The values of short texts that frames carry again and again (a spawn request's factory and node names), so that
 * reading one that came lately allocates nothing: a direct-mapped table from the text's bytes to the value made of
 * them, where a new text takes the slot of the one it collides with. The bytes are compared where they lie in the
 * frame, so a hit copies nothing.
 *
 * <p>Why it is safe to hand out the same value again: the values are immutable ({@code Name}, {@code NodeName},
 * {@code String}). A text that {@code parse} refuses is not kept, and texts longer than {@link #MAX_CACHED} bytes
 * are read but not kept, so a peer that sends many or long texts only costs the allocation it would anyway.
 *
 * <p>Threading: whichever thread receives at the moment (one at a time, as for {@link PidCache}).
 *
 * @param <T> the value a text stands for
 */
final class TextCache<T> {
    /** Longer than any valid node name (64 + 1 + 253): longer texts are read without being kept. */
    static final int MAX_CACHED = 320;
    private static final int SLOTS = 64;

    private final byte[][] texts = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];
    private final Function<String, T> parse;

    /** @param parse makes the value of a text not in the table; may throw, and then nothing is kept */
    TextCache(Function<String, T> parse) {
        this.parse = parse;
    }

    /** @return the value of the US-ASCII text that {@code text} (a view of its bytes in the frame) holds */
    @SuppressWarnings("unchecked")
    T get(DirectBuffer text) {
        int length = text.capacity();
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + text.getByte(i);
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] known = texts[slot];
        if (known != null && known.length == length && sameBytes(text, known)) {
            return (T) values[slot];
        }
        byte[] bytes = new byte[length];
        text.getBytes(0, bytes);
        T value = parse.apply(new String(bytes, StandardCharsets.US_ASCII));
        if (length <= MAX_CACHED) {
            texts[slot] = bytes;
            values[slot] = value;
        }
        return value;
    }

    private static boolean sameBytes(DirectBuffer text, byte[] known) {
        for (int i = 0; i < known.length; i++) {
            if (text.getByte(i) != known[i]) {
                return false;
            }
        }
        return true;
    }
}
