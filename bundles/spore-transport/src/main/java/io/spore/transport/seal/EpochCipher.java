package io.spore.transport.seal;

/**
 * One suite's keys for one epoch of one direction, sealing or opening messages laid out as {@link SealedLayout}
 * says. The {@link Sealer} and {@link Opener} do the header, the sequence, the window and the epochs; an epoch
 * cipher does only the cryptography.
 *
 * <p>Not thread-safe: owned by one sealer or opener.
 */
interface EpochCipher {
    /**
     * Seals {@code length} bytes of {@code source} into the message whose header the caller wrote at
     * {@code message[header]}: the body at {@code header + HEADER_LENGTH}, then the tag.
     */
    void seal(long sequence, byte[] source, int sourceOffset, int length, byte[] associated, int associatedOffset,
              int associatedLength, byte[] message, int header);

    /**
     * Verifies the whole message at {@code message[offset, offset + length)} and, only if it is authentic, writes
     * its payload at {@code target[targetOffset]}.
     *
     * @return whether the message is authentic; if not, nothing was written
     */
    boolean open(long sequence, byte[] message, int offset, int length, byte[] associated, int associatedOffset,
                 int associatedLength, byte[] target, int targetOffset);

    /** Overwrites the keys, best effort; the cipher is not used afterwards. */
    void destroy();
}
