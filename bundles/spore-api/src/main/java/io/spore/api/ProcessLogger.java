package io.spore.api;

/**
 * A process's log: lines carry the process's pid (and registered name) and are filtered by its
 * {@link LogLevel}. Use only from the process's own handlers.
 *
 * <p>Arguments are formatted with {@link String#format}. A trailing {@link Throwable} argument is logged with its
 * stack trace.
 */
public interface ProcessLogger {
    void log(LogLevel level, String format, Object... args);

    default void trace(String format, Object... args) {
        log(LogLevel.TRACE, format, args);
    }

    default void debug(String format, Object... args) {
        log(LogLevel.DEBUG, format, args);
    }

    default void info(String format, Object... args) {
        log(LogLevel.INFO, format, args);
    }

    default void warning(String format, Object... args) {
        log(LogLevel.WARNING, format, args);
    }

    default void error(String format, Object... args) {
        log(LogLevel.ERROR, format, args);
    }
}
