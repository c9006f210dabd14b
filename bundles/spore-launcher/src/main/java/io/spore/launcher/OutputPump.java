package io.spore.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads what a started node prints (standard output and error merged) on a thread of its own: keeps the tail for
 * error messages and hands each line to an optional consumer. Ends with the stream.
 */
final class OutputPump {
    static final int TAIL_BYTES = 16 * 1024;

    private final LogRing tail = new LogRing(TAIL_BYTES);
    private final Thread thread;

    OutputPump(InputStream in, String name, Consumer<String> lines) {
        this.thread = new Thread(() -> pump(in, lines), "node-output-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(InputStream in, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                tail.write(bytes, 0, bytes.length);
                if (lines != null) {
                    lines.accept(line);
                }
            }
        } catch (IOException e) {
            // The node's output closed: it ended, or the creator let it go.
        }
    }

    /** @return the last output, indented for an error message, or a note that there was none */
    String tail() {
        String text = tail.text().strip();
        return text.isEmpty() ? "(it printed nothing)" : text;
    }

    /** Waits a little for the last lines after the process ended. */
    void drain(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
