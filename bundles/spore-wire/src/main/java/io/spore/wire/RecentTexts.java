package io.spore.wire;

import org.agrona.DirectBuffer;

/**
 * The short US-ASCII strings a decoder read lately, so that one that comes again (a message's tag such as
 * {@code "ping"} or {@code "ok"}, which Erlang would send as an atom) is read without allocating: a direct-mapped
 * table from a hash of the bytes to the string, where a new string takes the slot of the one it collides with. The
 * bytes are compared where they lie in the frame, against the string's characters.
 *
 * <p>Why it is safe to hand out the same string again: strings are immutable, and two equal received strings being
 * one object is what string literals are in Java anyway. Bounded: {@link #SLOTS} strings of at most
 * {@link #MAX_LENGTH} characters; longer or non-ASCII strings are read as before and not kept, so a peer sending
 * only new strings costs one hash of at most 32 bytes each and nothing else.
 *
 * <p>Threading: its decoder's.
 */
final class RecentTexts {
    /** Longest string kept, in bytes: tags and short words, not text. */
    static final int MAX_LENGTH = 32;
    private static final int SLOTS = 64;

    private final String[] texts = new String[SLOTS];
    /** The slot the last {@link #find} missed in, where {@link #keep} puts the string read; -1 for none. */
    private int missedSlot = -1;

    /**
     * @return the string kept for the {@code length} bytes at {@code offset}, or null: then read it, and
     *         {@link #keep} it
     */
    String find(DirectBuffer buffer, int offset, int length) {
        missedSlot = -1;
        if (length > MAX_LENGTH) {
            return null;
        }
        int hash = length;
        for (int i = 0; i < length; i++) {
            byte b = buffer.getByte(offset + i);
            if (b < 0) {
                return null; // not US-ASCII: its characters are not its bytes
            }
            hash = 31 * hash + b;
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String known = texts[slot];
        if (known != null && known.length() == length && sameText(buffer, offset, known)) {
            return known;
        }
        missedSlot = slot;
        return null;
    }

    /** Keeps {@code text}, read from the bytes the last {@link #find} missed, if they may be kept. */
    void keep(String text) {
        if (missedSlot >= 0) {
            texts[missedSlot] = text;
            missedSlot = -1;
        }
    }

    private static boolean sameText(DirectBuffer buffer, int offset, String known) {
        for (int i = 0; i < known.length(); i++) {
            if (buffer.getByte(offset + i) != known.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
