package io.spore.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input with one deadline for everything read through it, not one per read: before each read the
 * socket's timeout is set to the time left, so a peer that drips a byte now and then is cut off at the deadline
 * like one that sends nothing. Not thread-safe.
 */
final class DeadlineInput extends InputStream {
    private final InputStream in;
    private final Socket socket;
    private final long deadlineNs;
    private final String what;

    /**
     * @param in         the socket's (buffered) input
     * @param socket     the socket whose timeout is set
     * @param deadlineNs {@link System#nanoTime()} by which the reading must be done
     * @param what       what must be done by then, for the message ({@code "the handshake"})
     */
    DeadlineInput(InputStream in, Socket socket, long deadlineNs, String what) {
        this.in = in;
        this.socket = socket;
        this.deadlineNs = deadlineNs;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
            throw timedOut();
        }
        socket.setSoTimeout((int) Math.min(leftMs, Integer.MAX_VALUE));
        try {
            return in.read(into, offset, length);
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
    }

    private ChannelException timedOut() {
        return new ChannelException(what + " was not done in time: the peer sent too little, too slowly");
    }
}
