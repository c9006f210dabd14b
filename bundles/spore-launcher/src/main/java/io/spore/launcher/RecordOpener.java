package io.spore.launcher;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Opens what the other side of the node-manager channel sealed ({@link RecordSealer}). TCP delivers in order, so
 * exactly one sequence number is acceptable next: a record that repeats or goes backwards (a replay), skips ahead
 * (a record cut out), fails to open (a byte changed, or not sealed with this channel's key), is too short to hold a
 * tag (truncated) or carries unknown flags ends the channel with a {@link ChannelException} that says which.
 * A failed record's content is never looked at.
 *
 * <p>Not thread-safe: the channel's reader thread owns it.
 */
final class RecordOpener {
    /** An opened record: its flags and its data. */
    record Opened(byte flags, byte[] data) {
        boolean endOfMessage() {
            return (flags & RecordSealer.END_OF_MESSAGE) != 0;
        }

        boolean keyUpdate() {
            return (flags & RecordSealer.KEY_UPDATE) != 0;
        }
    }

    private final Cipher cipher = aesGcm();
    private final String peer;
    private TrafficKey key;
    private long expected;

    /**
     * @param key  the peer's sending key
     * @param peer who seals what this opens, for messages ({@code "the creator"})
     */
    RecordOpener(TrafficKey key, String peer) {
        this.key = key;
        this.peer = peer;
    }

    /**
     * @param frame a {@link ChannelFrame#RECORD}
     * @return its flags and data
     * @throws ChannelException when it is truncated, out of sequence, fails to open, or has unknown flags
     */
    Opened open(ChannelFrame frame) throws ChannelException {
        byte[] body = frame.body();
        if (body.length < RecordSealer.SEQUENCE_LENGTH + 1 + RecordSealer.TAG_LENGTH) {
            throw new ChannelException("a record of " + body.length + " bytes from " + peer + " is too short to be"
                + " sealed (truncated)");
        }
        long seq = 0;
        for (int i = 0; i < RecordSealer.SEQUENCE_LENGTH; i++) {
            seq = (seq << 8) | (body[i] & 0xff);
        }
        if (Long.compareUnsigned(seq, expected) < 0) {
            throw new ChannelException("record " + Long.toUnsignedString(seq) + " from " + peer + " repeats or goes"
                + " backwards (the next is " + expected + "): a replay");
        }
        if (seq != expected) {
            throw new ChannelException("record " + Long.toUnsignedString(seq) + " from " + peer + " skips ahead"
                + " (the next is " + expected + "): records were cut out");
        }
        byte[] aad = new byte[RecordSealer.AAD_LENGTH];
        ChannelFrame.header(ChannelFrame.RECORD, body.length, aad);
        System.arraycopy(body, 0, aad, ChannelFrame.HEADER_LENGTH, RecordSealer.SEQUENCE_LENGTH);
        byte[] plain;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(RecordSealer.TAG_LENGTH * 8,
                key.nonce(seq)));
            cipher.updateAAD(aad);
            plain = cipher.doFinal(body, RecordSealer.SEQUENCE_LENGTH, body.length - RecordSealer.SEQUENCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new ChannelException("record " + seq + " from " + peer + " failed to open: it was changed in"
                + " transit, or not sealed with this channel's key");
        } catch (GeneralSecurityException e) {
            throw new ChannelException("record " + seq + " from " + peer + " failed to open: " + e, e);
        }
        expected++;
        byte flags = plain[0];
        if ((flags & ~(RecordSealer.END_OF_MESSAGE | RecordSealer.KEY_UPDATE)) != 0
            || ((flags & RecordSealer.KEY_UPDATE) != 0 && plain.length != 1)) {
            throw new ChannelException(String.format("record %d from %s has unknown flags 0x%02x", seq, peer,
                flags & 0xff));
        }
        Opened opened = new Opened(flags, Arrays.copyOfRange(plain, 1, plain.length));
        if (opened.keyUpdate()) {
            key = key.next();
        }
        return opened;
    }

    static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks AES/GCM/NoPadding, which every Java SE has: " + e, e);
        }
    }
}
