package io.spore.distribution.framework;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Listens to what the transport logs, for what it tells no other way: the last warning, which often
 * says why a node could not be reached when the failed call says only {@code NODE_DOWN}, and the last error, such as
 * why the transport did not start (its activator logs that and lets the node run on alone).
 *
 * <p>While open it makes the transport's loggers ({@value #LOGGER} and below) create WARNING records even when the
 * console prints less; what the console prints is still up to its own handler's level.
 *
 * <p>Threading: records arrive on the transport's threads; the getters may be read from any thread.
 */
public final class TransportLog extends Handler {
    /** The parent of the transport's loggers (System.Logger over java.util.logging). */
    static final String LOGGER = "io.spore.transport";

    private final Logger logger = Logger.getLogger(LOGGER);
    private final Level previousLevel;
    private final AtomicReference<String> lastWarning = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    /** Starts listening for what the transport says. */
    public TransportLog() {
        this.previousLevel = logger.getLevel();
        if (!logger.isLoggable(Level.WARNING)) {
            logger.setLevel(Level.WARNING);
        }
        setLevel(Level.WARNING);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record == null ? null : record.getMessage();
        if (message == null) {
            return;
        }
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            lastWarning.set(message);
        }
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            lastError.set(message);
        }
    }

    /** @return the last warning or error the transport logged, if any */
    public Optional<String> lastWarning() {
        return Optional.ofNullable(lastWarning.get());
    }

    /** @return the last error the transport logged, such as why it did not start, if any */
    Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    @Override
    public void flush() {
    }

    /** Stops listening and gives the logger its level back. */
    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
