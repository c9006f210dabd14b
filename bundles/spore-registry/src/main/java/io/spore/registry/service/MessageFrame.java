package io.spore.registry.service;

import io.spore.registry.sbe.MessageHeaderDecoder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Opens one received registry message: checks its SBE header and gives a view of exactly its bytes, so that a
 * decoder reading past the message's end fails with an {@link IndexOutOfBoundsException} (Agrona's bounds checks)
 * instead of reading the next message in the term. Reused: one instance per reading thread.
 */
public final class MessageFrame {
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    /**
     * Opens a message.
     *
     * @param buffer where it is
     * @param offset where it starts
     * @param length how long it is
     * @return the message's template id
     * @throws InvalidMessageException when the header is short or of another schema or version
     */
    public int open(DirectBuffer buffer, int offset, int length) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new InvalidMessageException("a message of " + length + " bytes is shorter than its header");
        }
        view.wrap(buffer, offset, length);
        header.wrap(view, 0);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID) {
            throw new InvalidMessageException("schema id " + header.schemaId() + " is not the registry's ("
                + MessageHeaderDecoder.SCHEMA_ID + ")");
        }
        if (header.version() < 1) {
            throw new InvalidMessageException("schema version " + header.version() + " is not supported");
        }
        return header.templateId();
    }

    /**
     * Checks the block length against the template's.
     *
     * @param templateBlockLength the length of the template's fixed block
     * @return the message's block length, at least the template's
     * @throws InvalidMessageException when the block is shorter than the template's
     */
    public int blockLength(int templateBlockLength) {
        int blockLength = header.blockLength();
        if (blockLength < templateBlockLength) {
            throw new InvalidMessageException("a block of " + blockLength + " bytes is shorter than the "
                + templateBlockLength + " of template " + header.templateId());
        }
        return blockLength;
    }

    /** @return the version the sender wrote */
    public int version() {
        return header.version();
    }

    /** @return the message's bytes, bounded to its length */
    public DirectBuffer buffer() {
        return view;
    }

    /**
     * Bounds a variable field's length before it is read into a string.
     *
     * @param length the length the field's header gives
     * @param max    the bound
     * @param field  the field's name, for the error
     * @throws InvalidMessageException when the length is over the bound
     */
    public static void bound(int length, int max, String field) {
        if (length > max) {
            throw new InvalidMessageException(field + " of " + length + " bytes is longer than " + max);
        }
    }
}
