package io.spore.launcher;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the node-manager channel as it crosses TCP: {@code u8 type | u32 length | body}, big-endian. Every
 * type has its own bound on the length, checked before anything is allocated for the body, so a stranger on the
 * callback port costs at most one handshake frame's worth of memory, and an authenticated peer one record's.
 *
 * <p>The handshake's frames travel in clear ({@link #CLIENT_HELLO}, {@link #SERVER_HELLO}, {@link #CREATOR_PROOF},
 * {@link #NODE_PROOF}, and {@link #ALERT} to say why one side gives up); everything after it is a
 * {@link #RECORD} sealed by {@link RecordSealer}. Immutable.
 *
 * @param type the frame's type
 * @param body the bytes after the header
 */
record ChannelFrame(byte type, byte[] body) {
    /** The node's greeting: magic, protocol version, nonce, ephemeral key, node name. */
    static final byte CLIENT_HELLO = 1;
    /** The creator's answer: magic, protocol version, nonce, ephemeral key. */
    static final byte SERVER_HELLO = 2;
    /** The creator's proof that it holds the token, over the transcript so far. */
    static final byte CREATOR_PROOF = 3;
    /** The node's proof that it holds the token, over the transcript including the creator's proof. */
    static final byte NODE_PROOF = 4;
    /** Why a side gives up during the handshake, UTF-8 text; never trusted as more than a reason to close. */
    static final byte ALERT = 21;
    /** A sealed record: {@code u64 sequence | AES-256-GCM ciphertext and tag}. */
    static final byte RECORD = 23;
    /** The first byte of the clear-text JSON hello of a Spore from before the sealed channel. */
    static final byte OLD_JSON_HELLO = '{';

    /** Bytes of the header: the type and the length. */
    static final int HEADER_LENGTH = 5;
    /** The longest body of a handshake frame or an alert. */
    static final int MAX_HANDSHAKE_BODY = 512;
    /** The longest alert text, in bytes, so that it fits a handshake frame. */
    static final int MAX_ALERT_TEXT = 400;

    /** Raised when the first byte is that of an older Spore's clear-text JSON hello. */
    static final class OldProtocolException extends ChannelException {
        private static final long serialVersionUID = 1L;

        OldProtocolException() {
            super("the peer speaks the clear-text manager protocol of a Spore from before the sealed channel:"
                + " run the same Spore version on the creator's host and the node's");
        }
    }

    /**
     * Reads one frame.
     *
     * @param in where from
     * @return the frame, or {@code null} when the stream ends cleanly before its first byte
     * @throws OldProtocolException when the peer is an older Spore (its first byte is <code>{</code>)
     * @throws ChannelException     when the type is unknown, the length beyond its bound, or the stream ends inside
     *                              the frame
     * @throws IOException          when the stream fails (a {@link java.net.SocketTimeoutException} on a timeout)
     */
    static ChannelFrame read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        if (type == OLD_JSON_HELLO) {
            throw new OldProtocolException();
        }
        int max = maxBody((byte) type);
        byte[] header = readFully(in, new byte[4]);
        long length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
            | (header[3] & 0xff);
        if (length > max) {
            throw new ChannelException("a " + name((byte) type) + " frame of " + length + " bytes, more than the "
                + max + " it may have");
        }
        return new ChannelFrame((byte) type, readFully(in, new byte[(int) length]));
    }

    private static int maxBody(byte type) throws ChannelException {
        return switch (type) {
            case CLIENT_HELLO, SERVER_HELLO, CREATOR_PROOF, NODE_PROOF, ALERT -> MAX_HANDSHAKE_BODY;
            case RECORD -> RecordSealer.MAX_RECORD_BODY;
            default -> throw new ChannelException(String.format("not a Spore node-manager frame (type byte 0x%02x):"
                + " a stranger, or garbage on the callback port", type & 0xff));
        };
    }

    private static byte[] readFully(InputStream in, byte[] into) throws IOException {
        int done = 0;
        while (done < into.length) {
            int n = in.read(into, done, into.length - done);
            if (n < 0) {
                throw new ChannelException("the connection ended in the middle of a frame (truncated after " + done
                    + " of " + into.length + " bytes)", new EOFException());
            }
            done += n;
        }
        return into;
    }

    /** @return the frame as it travels: header and body */
    byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + body.length];
        header(type, body.length, out);
        System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
        return out;
    }

    /** Writes a frame's header at the start of {@code into}. */
    static void header(byte type, int length, byte[] into) {
        into[0] = type;
        into[1] = (byte) (length >>> 24);
        into[2] = (byte) (length >>> 16);
        into[3] = (byte) (length >>> 8);
        into[4] = (byte) length;
    }

    /** Writes the frame without flushing. */
    void writeTo(OutputStream out) throws IOException {
        out.write(encode());
    }

    /** @return an alert frame carrying {@code reason}, cut to {@value #MAX_ALERT_TEXT} bytes */
    static ChannelFrame alert(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_ALERT_TEXT) {
            text = java.util.Arrays.copyOf(text, MAX_ALERT_TEXT);
        }
        return new ChannelFrame(ALERT, text);
    }

    /** @return an alert's text, made printable on one line (it comes from whoever is on the other end) */
    String alertText() {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return the type's name, for messages */
    static String name(byte type) {
        return switch (type) {
            case CLIENT_HELLO -> "client hello";
            case SERVER_HELLO -> "server hello";
            case CREATOR_PROOF -> "creator proof";
            case NODE_PROOF -> "node proof";
            case ALERT -> "alert";
            case RECORD -> "record";
            default -> String.format("0x%02x", type & 0xff);
        };
    }
}
