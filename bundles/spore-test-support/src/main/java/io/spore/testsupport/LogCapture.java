package io.spore.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines one class logs (through {@code System.Logger}, which is JUL underneath), kept for a test to read: a
 * handler added by {@link #start()} and removed by {@link #close()}.
 */
public final class LogCapture implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param source the class whose logger is listened to */
    public LogCapture(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
    }

    /** Starts keeping what the class logs. */
    public LogCapture start() {
        logger.addHandler(handler);
        return this;
    }

    /** @return what was logged since {@link #start()}, live; a test may clear it */
    public List<LogRecord> records() {
        return records;
    }

    /** Stops keeping what the class logs. */
    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
