package io.spore.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines of at most a fixed number of bytes from a stream that a stranger may write: the buffer is
 * allocated once, at that size, and a line that does not fit ends the reading with {@link TooLongException} after
 * at most that many bytes, so a peer that never sends a line end costs no more memory than one that does.
 *
 * <p>Not thread-safe: one reader per connection, used by its thread.
 */
final class BoundedLineReader {
    private final InputStream in;
    private final byte[] line;
    private final byte[] chunk = new byte[8192];
    private int chunkStart;
    private int chunkEnd;

    /** Thrown when a line is longer than the bound; the stream is then left in the middle of that line. */
    static final class TooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLongException(int maxBytes) {
            super("a line longer than " + maxBytes + " bytes");
        }
    }

    /**
     * @param in       the stream
     * @param maxBytes the longest line accepted, its line end excluded
     */
    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.line = new byte[maxBytes];
    }

    /**
     * @return the next line without its line end, or {@code null} at the end of the stream (an unfinished last line
     *         is dropped: a notice counts only when whole)
     * @throws TooLongException          when the line is longer than the bound
     * @throws CharacterCodingException when the line is not UTF-8
     * @throws IOException               when the stream fails
     */
    String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (chunkStart == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return null;
                }
                chunkStart = 0;
                chunkEnd = n;
            }
            while (chunkStart < chunkEnd) {
                byte b = chunk[chunkStart++];
                if (b == '\n') {
                    return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(line, 0, length)).toString();
                }
                if (length == line.length) {
                    throw new TooLongException(line.length);
                }
                line[length++] = b;
            }
        }
    }
}
