package io.spore.launcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/**
 * The launcher's wire format: one JSON object per line, UTF-8. Unknown fields are ignored so that older and newer
 * launchers can talk; absent fields are left out. Thread-safe (Jackson's mapper is, once configured).
 */
public final class Json {
    /** The longest line accepted (a shipped bundle travels in one), so a confused peer cannot make us buffer without end. */
    public static final int MAX_LINE_CHARS = 64 * 1024 * 1024;

    static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    /** @return {@code value} as one line of JSON, without the line end */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                + e.getOriginalMessage(), e);
        }
    }

    /**
     * @return {@code text} read as a {@code type}
     * @throws LaunchException when it is not JSON of that shape, saying where
     */
    public static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new LaunchException("not a valid " + type.getSimpleName() + " in JSON: " + e.getOriginalMessage()
                + locationOf(e));
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr() + ")";
    }

    /** Writes one value as a line and flushes. */
    static void writeLine(Writer out, Object value) throws IOException {
        out.write(write(value));
        out.write('\n');
        out.flush();
    }

    /**
     * Reads one line of at most {@link #MAX_LINE_CHARS} characters.
     *
     * @return the line without its end, or {@code null} at the end of the stream
     * @throws IOException when the stream fails or the line is too long
     */
    static String readLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_LINE_CHARS) {
                throw new IOException("a line longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
