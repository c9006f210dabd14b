package io.spore.launcher;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;

/**
 * Seals what one side of the node-manager channel sends: each record is a {@link ChannelFrame#RECORD} whose body is
 * {@code u64 sequence | AES-256-GCM(flags | data)}, with the frame's header and the sequence number as associated
 * data, so neither a byte of the content nor of the framing can change unnoticed. Sequence numbers start at 0 and
 * go up by one per record, for the whole life of the channel.
 *
 * <p>After {@link #DEFAULT_UPDATE_AFTER} records under one key (well inside AES-GCM's safe limit of about 2^24.5
 * full records per key, RFC 8446 section 5.5) the sender seals a key-update record and moves to the next key
 * ({@link TrafficKey#next()}); the receiver follows when it opens that record.
 *
 * <p>Not thread-safe: {@link SealedChannel} calls it under its send lock.
 */
final class RecordSealer {
    /** The most data one record carries; a longer message is cut into several records. */
    static final int MAX_RECORD_DATA = 16 * 1024;
    static final int SEQUENCE_LENGTH = 8;
    static final int TAG_LENGTH = 16;
    /** The longest body of a record frame: sequence, flags, data, tag. */
    static final int MAX_RECORD_BODY = SEQUENCE_LENGTH + 1 + MAX_RECORD_DATA + TAG_LENGTH;
    /** Bytes of the associated data: the frame header and the sequence number. */
    static final int AAD_LENGTH = ChannelFrame.HEADER_LENGTH + SEQUENCE_LENGTH;
    /** Flag: the last record of a message. */
    static final byte END_OF_MESSAGE = 1;
    /** Flag: the sender uses the next key from the following record on; carries no data. */
    static final byte KEY_UPDATE = 2;
    /** Records sealed under one key before a key update. */
    static final long DEFAULT_UPDATE_AFTER = 1L << 23;

    private final Cipher cipher;
    private final long updateAfter;
    private TrafficKey key;
    private long sequence;
    private long sealedUnderKey;

    RecordSealer(TrafficKey key) {
        this(key, DEFAULT_UPDATE_AFTER);
    }

    /** @param updateAfter records per key before a key update (small in tests) */
    RecordSealer(TrafficKey key, long updateAfter) {
        this.key = key;
        this.updateAfter = updateAfter;
        this.cipher = RecordOpener.aesGcm();
    }

    /** @return whether the next record must be a key update */
    boolean updateDue() {
        return sealedUnderKey >= updateAfter;
    }

    /** @return the key-update record; the records after it are sealed under the next key */
    byte[] sealKeyUpdate() {
        byte[] frame = seal(KEY_UPDATE, new byte[0], 0, 0);
        key = key.next();
        sealedUnderKey = 0;
        return frame;
    }

    /**
     * @param flags  {@link #END_OF_MESSAGE} or 0
     * @param data   the bytes to seal
     * @param offset where they start
     * @param length how many, at most {@link #MAX_RECORD_DATA}
     * @return the whole record frame, ready to write
     */
    byte[] seal(byte flags, byte[] data, int offset, int length) {
        if (length > MAX_RECORD_DATA) {
            throw new IllegalArgumentException("a record carries at most " + MAX_RECORD_DATA + " bytes");
        }
        long seq = sequence++;
        sealedUnderKey++;
        int bodyLength = SEQUENCE_LENGTH + 1 + length + TAG_LENGTH;
        byte[] frame = new byte[ChannelFrame.HEADER_LENGTH + bodyLength];
        ChannelFrame.header(ChannelFrame.RECORD, bodyLength, frame);
        for (int i = 0; i < SEQUENCE_LENGTH; i++) {
            frame[ChannelFrame.HEADER_LENGTH + i] = (byte) (seq >>> (8 * (SEQUENCE_LENGTH - 1 - i)));
        }
        byte[] plain = new byte[1 + length];
        plain[0] = flags;
        System.arraycopy(data, offset, plain, 1, length);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_LENGTH * 8, key.nonce(seq)));
            cipher.updateAAD(frame, 0, AAD_LENGTH);
            cipher.doFinal(plain, 0, plain.length, frame, AAD_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal a record: " + e, e);
        }
        return frame;
    }
}
