package io.spore.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The node-manager channel once {@link ChannelHandshake} has proved the token both ways: messages (a JSON
 * {@link ManagerMessage} each, as bytes) cut into records of at most {@link RecordSealer#MAX_RECORD_DATA} bytes,
 * each sealed under the direction's key. A message is assembled only from records that opened, and only up to
 * {@link #MAX_MESSAGE_BYTES}, so the memory a peer can make this side hold grows with what it has proved it may send.
 * Any failure ends the channel: there is no recovery from a record that does not open.
 *
 * <p>Threading: {@link #send} may be called from any thread (a message's records are written together);
 * {@link #receive} from one reader thread only.
 */
final class SealedChannel implements AutoCloseable {
    /** The longest message: a shipped bundle, Base64 in JSON, travels in one. */
    static final int MAX_MESSAGE_BYTES = Json.MAX_LINE_CHARS;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RecordSealer sealer;
    private final RecordOpener opener;
    private final String peer;
    private final String peerName;
    private boolean opened;

    /**
     * @param peer     who is on the other end, for messages ({@code "the creator"})
     * @param peerName the node's name from its hello on the creator's side; {@code null} on the node's
     */
    SealedChannel(Socket socket, InputStream in, OutputStream out, RecordSealer sealer, RecordOpener opener,
                  String peer, String peerName) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.sealer = sealer;
        this.opener = opener;
        this.peer = peer;
        this.peerName = peerName;
    }

    /**
     * Seals and sends one message, and flushes.
     *
     * @throws IOException when the connection fails
     */
    void send(byte[] message) throws IOException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new ChannelException("a message of " + message.length + " bytes, more than the channel's "
                + MAX_MESSAGE_BYTES);
        }
        synchronized (sealer) {
            int offset = 0;
            do {
                if (sealer.updateDue()) {
                    out.write(sealer.sealKeyUpdate());
                }
                int length = Math.min(RecordSealer.MAX_RECORD_DATA, message.length - offset);
                boolean last = offset + length == message.length;
                out.write(sealer.seal(last ? RecordSealer.END_OF_MESSAGE : 0, message, offset, length));
                offset += length;
            } while (offset < message.length);
            out.flush();
        }
    }

    /**
     * Reads, opens and assembles the next message.
     *
     * @return the message, or {@code null} when the peer closed the connection between two messages
     * @throws ChannelException when a frame is refused (the reason says which and why) or the connection ends
     *                          inside a message
     * @throws IOException      when the connection fails or the socket's timeout passes
     */
    byte[] receive() throws IOException {
        ByteArrayOutputStream message = null;
        while (true) {
            ChannelFrame frame = ChannelFrame.read(in);
            if (frame == null) {
                if (message != null) {
                    throw new ChannelException("the connection from " + peer + " ended in the middle of a message"
                        + " (truncated)");
                }
                return null;
            }
            if (frame.type() == ChannelFrame.ALERT && !opened) {
                // Unauthenticated: worth no more than a closed connection, which anyone on the path can cause.
                throw new ChannelException(peer + " refused the channel: " + frame.alertText());
            }
            if (frame.type() != ChannelFrame.RECORD) {
                throw new ChannelException("a " + ChannelFrame.name(frame.type()) + " frame from " + peer + " where"
                    + " only sealed records may come");
            }
            RecordOpener.Opened record = opener.open(frame);
            opened = true;
            if (record.keyUpdate()) {
                continue;
            }
            if (message == null) {
                message = new ByteArrayOutputStream(Math.min(record.data().length, RecordSealer.MAX_RECORD_DATA));
            }
            if (message.size() + record.data().length > MAX_MESSAGE_BYTES) {
                throw new ChannelException("a message from " + peer + " longer than " + MAX_MESSAGE_BYTES
                    + " bytes");
            }
            message.write(record.data());
            if (record.endOfMessage()) {
                return message.toByteArray();
            }
        }
    }

    /** @return the node's name as it gave it in its hello (creator's side), or {@code null} (node's side) */
    String peerName() {
        return peerName;
    }

    /** @return the TCP connection, for timeouts and addresses */
    Socket socket() {
        return socket;
    }

    /** Closes the connection; a blocked {@link #receive} then fails. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
