package io.spore.transport.naming;

import io.spore.transport.security.Cookie;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The name service protocol: its constants, line reading, validation and cookie proofs, for {@link NameServer} and
 * its clients ({@link Registrar}, {@link NameServiceClient}), and described here for implementers in other
 * languages.
 *
 * <h2>Transport and lines</h2>
 *
 * <p>TCP on a well-known port (default 4370), the same for every node of a cluster, bound to loopback unless remote
 * lookups are wanted. Lines are US-ASCII and end with {@code \n} (a {@code \r} before it is ignored). A client line
 * is at most {@value #MAX_REQUEST_LENGTH} bytes; a server line at most {@value #MAX_REPLY_LENGTH}. Nonces and proofs
 * are lowercase hexadecimal: a nonce is 32 random bytes, a proof 32 bytes of HMAC-SHA256 keyed with the cluster's
 * cookie (the same keyed hash as the node handshake's, under labels of this protocol's own).
 *
 * <h2>Proving the cookie, both ways</h2>
 *
 * <pre>
 * server, on accepting:  SPORE-NAMES 1 Ns              or ERR busy text, then close
 * client:                HELLO Nc client-proof
 * server:                WELCOME server-proof          or ERR denied text, then close
 *
 * client-proof = HMAC(cookie, "spore-names-client-v1" Ns Nc)
 * server-proof = HMAC(cookie, "spore-names-server-v1" Ns Nc)
 * </pre>
 *
 * <p>{@code Ns} is fresh for each connection, so a recorded proof is worth nothing on the next one, and the client
 * proves first, so the server's proof goes only to cookie holders. The client checks the server's proof: a program
 * that took the port without the cookie (after the serving node left) is not believed. Before {@code WELCOME}, any
 * other line is answered {@code ERR unauthenticated} and the connection closed.
 *
 * <h2>Requests, after WELCOME</h2>
 *
 * <pre>
 * request                  reply
 * REGISTER name port       OK | ERR code text     from this host only; holds while the connection stays open,
 *                                                 and the holder may send it again with a new port
 * UNREGISTER name          OK | ERR unknown text  only the connection that registered the name
 * LOOKUP name              PORT port | ERR unknown text
 * NAMES                    NAMES name=port ...    every registered name, sorted (none: just NAMES)
 * </pre>
 *
 * <p>Every reply after {@code WELCOME} ends with one more word, its MAC, which the client checks and removes:
 *
 * <pre>
 * mac = HMAC(cookie, "spore-names-reply-v1" Ns Nc k request "\n" reply)
 * </pre>
 *
 * <p>where {@code k} is the reply's number on the connection (0 for the first reply after {@code WELCOME}) as four
 * bytes big-endian, {@code request} the request line as the server read it (empty when it was too long to read) and
 * {@code reply} the reply without its MAC. A forged, replayed, reordered or altered answer, or one to an altered
 * request, fails the check; the client then treats the name service as unreachable, never the answer as true.
 *
 * <p>A name is the part of a node name before {@code @}: 1 to 64 letters, digits, {@code _} or {@code -}; a port is
 * the node's UDP port, 1 to 65535. A name belongs to the Unix user whose process registered it (the server reads the
 * owner of the connecting socket from the kernel), and stays that user's for {@link NameServer#RESERVATION} after
 * its connection closed.
 *
 * <h2>Errors</h2>
 *
 * <p>{@code unknown} (no such name), {@code taken} (another live connection of the same user holds the name),
 * {@code owned} (another user of this host holds the name, or held it moments ago), {@code malformed},
 * {@code forbidden} (registering from another host, or from a connection whose user cannot be told), {@code limit}
 * (a connection may hold at most 4 names), {@code too-long} (the connection is then closed), {@code too-many-errors}
 * (after 8 malformed or forbidden requests; closed), {@code busy} (too many connections from that address or in
 * all; closed at once), {@code unauthenticated} (a request before the cookie was proven; closed), {@code denied}
 * (a wrong cookie proof; closed), {@code slow} (a line not finished in time; closed).
 *
 * <p>Thread-safe: stateless.
 */
final class NameServiceProtocol {
    /** Longest client line, without its end of line: a HELLO of two 64-digit hex words fits. */
    static final int MAX_REQUEST_LENGTH = 160;
    /** Longest reply line a client reads (a NAMES reply of many nodes). */
    static final int MAX_REPLY_LENGTH = 256 * 1024;
    /** Bytes of a nonce. */
    static final int NONCE_LENGTH = 32;
    /** The protocol's version, in the greeting. */
    static final String VERSION = "1";

    static final String GREETING = "SPORE-NAMES";
    static final String HELLO = "HELLO";
    static final String WELCOME = "WELCOME";
    static final String REGISTER = "REGISTER";
    static final String UNREGISTER = "UNREGISTER";
    static final String LOOKUP = "LOOKUP";
    static final String NAMES = "NAMES";
    static final String OK = "OK";
    static final String PORT = "PORT";
    static final String ERR = "ERR";

    static final String UNKNOWN = "unknown";
    static final String TAKEN = "taken";
    static final String OWNED = "owned";
    static final String MALFORMED = "malformed";
    static final String FORBIDDEN = "forbidden";
    static final String TOO_LONG = "too-long";
    static final String TOO_MANY_ERRORS = "too-many-errors";
    static final String BUSY = "busy";
    static final String LIMIT = "limit";
    static final String UNAUTHENTICATED = "unauthenticated";
    static final String DENIED = "denied";
    static final String SLOW = "slow";

    private static final byte[] CLIENT_LABEL = "spore-names-client-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "spore-names-server-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY_LABEL = "spore-names-reply-v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Thrown by {@link #readLine} when a line exceeds its bound; the rest of that line is not read. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int maxLength) {
            super("line longer than " + maxLength + " bytes");
        }
    }

    /** Thrown by {@link #readLine(InputStream, int, Socket, long)} when a line is not finished by its deadline. */
    static final class TooSlowException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        TooSlowException(boolean started) {
            super(started ? "a line was not finished in time" : "no line came in time");
        }
    }

    private NameServiceProtocol() {
    }

    /**
     * Reads one line, byte by byte so that nothing past it is consumed; give it a buffered stream. Waits as long as
     * the stream's socket lets it.
     *
     * @return the line without its end, or {@code null} at the end of the stream before any byte of a line
     * @throws LineTooLongException when more than {@code maxLength} bytes come before the end of the line
     */
    static String readLine(InputStream in, int maxLength) throws IOException {
        return readLine(in, maxLength, null, 0);
    }

    /**
     * Reads one line that must be complete by {@code deadlineNs}, however slowly its bytes trickle in: the socket's
     * timeout is set, before each read, to the time left.
     *
     * @param socket     the socket under {@code in}, or {@code null} for no deadline
     * @param deadlineNs the {@link System#nanoTime()} by which the line must have ended
     * @return the line without its end, or {@code null} at the end of the stream before any byte of a line
     * @throws LineTooLongException when more than {@code maxLength} bytes come before the end of the line
     * @throws TooSlowException     when the deadline passes first
     */
    static String readLine(InputStream in, int maxLength, Socket socket, long deadlineNs) throws IOException {
        StringBuilder line = new StringBuilder(Math.min(maxLength, 256) + 1);
        while (true) {
            if (socket != null && in.available() == 0) {
                long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new TooSlowException(line.length() > 0);
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            }
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw socket != null ? new TooSlowException(line.length() > 0) : e;
            }
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(--end);
                }
                if (end > maxLength) {
                    throw new LineTooLongException(maxLength);
                }
                return line.toString();
            }
            if (line.length() > maxLength) { // maxLength bytes and a '\r' are in: only '\n' may follow
                throw new LineTooLongException(maxLength);
            }
            line.append((char) b); // bytes above 127 become characters no name accepts: malformed, never harmful
        }
    }

    static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String error(String code, String text) {
        return ERR + " " + code + " " + text;
    }

    /** @return a fresh nonce from a strong generator */
    static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** @return the bytes of a hex word of exactly {@code length} bytes, or {@code null} when it is not one */
    static byte[] unhex(String text, int length) {
        if (text.length() != 2 * length) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return HEX.parseHex(text);
    }

    /** @return the client's proof of the cookie, in hex */
    static String clientProof(Cookie cookie, byte[] serverNonce, byte[] clientNonce) {
        return hex(cookie.mac(concat(CLIENT_LABEL, serverNonce, clientNonce)));
    }

    /** @return the server's proof of the cookie, in hex */
    static String serverProof(Cookie cookie, byte[] serverNonce, byte[] clientNonce) {
        return hex(cookie.mac(concat(SERVER_LABEL, serverNonce, clientNonce)));
    }

    /** @return the MAC of the {@code k}-th reply of a connection, in hex */
    static String replyMac(Cookie cookie, byte[] serverNonce, byte[] clientNonce, int k, String request,
                           String reply) {
        byte[] number = ByteBuffer.allocate(Integer.BYTES).putInt(k).array();
        return hex(cookie.mac(concat(REPLY_LABEL, serverNonce, clientNonce, number,
            (request + "\n" + reply).getBytes(StandardCharsets.US_ASCII))));
    }

    /** Compares two hex proofs in constant time. */
    static boolean sameProof(String expected, String received) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
            received.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    /** @return whether {@code name} may be registered: the rule of the part of a node name before {@code @} */
    static boolean isValidName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!(letterOrDigit || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** @return the port, or -1 when {@code text} is not a decimal number from 1 to 65535 */
    static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }
}
