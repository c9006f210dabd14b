package io.spore.transport.naming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The constants, line reading and validation of the name service protocol, which the package documentation
 * ({@code package-info.java}) describes for implementers in other languages.
 *
 * <p>Thread-safe: stateless.
 */
final class NameServiceProtocol {
    /** Longest request line, without its end of line. */
    static final int MAX_REQUEST_LENGTH = 128;
    /** Longest reply line a client reads (a NAMES reply of many nodes). */
    static final int MAX_REPLY_LENGTH = 256 * 1024;

    static final String REGISTER = "REGISTER";
    static final String UNREGISTER = "UNREGISTER";
    static final String LOOKUP = "LOOKUP";
    static final String NAMES = "NAMES";
    static final String OK = "OK";
    static final String PORT = "PORT";
    static final String ERR = "ERR";

    static final String UNKNOWN = "unknown";
    static final String TAKEN = "taken";
    static final String MALFORMED = "malformed";
    static final String FORBIDDEN = "forbidden";
    static final String TOO_LONG = "too-long";
    static final String TOO_MANY_ERRORS = "too-many-errors";
    static final String BUSY = "busy";
    static final String LIMIT = "limit";

    /** Thrown by {@link #readLine} when a line exceeds its bound; the rest of that line is not read. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int maxLength) {
            super("line longer than " + maxLength + " bytes");
        }
    }

    private NameServiceProtocol() {
    }

    /**
     * Reads one line, byte by byte so that nothing past it is consumed; give it a buffered stream.
     *
     * @return the line without its end, or {@code null} at the end of the stream before any byte of a line
     * @throws LineTooLongException when more than {@code maxLength} bytes come before the end of the line
     */
    static String readLine(InputStream in, int maxLength) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
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
