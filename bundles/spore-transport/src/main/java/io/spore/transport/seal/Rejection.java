package io.spore.transport.seal;

/**
 * Why an {@link Opener} refused a message. A refused message is dropped and counted, never decoded; none of these
 * is thrown: {@link Opener#open} returns {@link #code()}, a negative int, so the receive path stays free of
 * exceptions.
 */
public enum Rejection {
    /** Shorter than a header and a tag: cannot be a sealed message. */
    TRUNCATED,
    /** Its payload would not fit the caller's buffer. */
    TOO_LONG,
    /** Its sequence is further behind the highest one opened than the replay window reaches. */
    TOO_OLD,
    /** Its sequence was opened already: a replay or a duplicate. */
    REPLAY,
    /** Its epoch is neither the current one, the one before (while kept), nor the next. */
    UNKNOWN_EPOCH,
    /** The tag does not match: forged, corrupted, or sealed with other keys. */
    BAD_TAG;

    private static final Rejection[] VALUES = values();

    /**
     * @return whether the message was refused for coming again (a repeat, or too far behind to tell): the other
     *         rejections say it did not prove authentic
     */
    public boolean isReplay() {
        return this == REPLAY || this == TOO_OLD;
    }

    /** @return what {@link Opener#open} returns for this rejection: {@code -1 - ordinal()}, always negative */
    public int code() {
        return -1 - ordinal();
    }

    /**
     * @param code a negative result of {@link Opener#open}
     * @return the rejection it stands for
     * @throws IllegalArgumentException when {@code code} is not one
     */
    public static Rejection of(int code) {
        int ordinal = -1 - code;
        if (ordinal < 0 || ordinal >= VALUES.length) {
            throw new IllegalArgumentException(code + " is not a rejection code (a payload length, if not negative)");
        }
        return VALUES[ordinal];
    }
}
