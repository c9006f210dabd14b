package io.spore.api;

/**
 * A process's log: lines carry the process's pid (and registered name) and are filtered by its
 * {@link LogLevel}. Use only from the process's own handlers.
 *
 * <p>Arguments are formatted with {@link String#format}. A trailing {@link Throwable} argument is logged with its
 * stack trace.
 */
public interface ProcessLogger {
    /**
     * Logs one line at {@code level} if the process's level admits it.
     *
     * @param level  the line's level
     * @param format a {@link String#format} pattern
     * @param args   its arguments; a trailing {@link Throwable} is logged with its stack trace
     */
    void log(LogLevel level, String format, Object... args);

    /**
     * Logs one line at {@link LogLevel#TRACE}.
     *
     * @param format a {@link String#format} pattern
     * @param args   its arguments; a trailing {@link Throwable} is logged with its stack trace
     */
    default void trace(String format, Object... args) {
        log(LogLevel.TRACE, format, args);
    }

    /**
     * Logs one line at {@link LogLevel#DEBUG}.
     *
     * @param format a {@link String#format} pattern
     * @param args   its arguments; a trailing {@link Throwable} is logged with its stack trace
     */
    default void debug(String format, Object... args) {
        log(LogLevel.DEBUG, format, args);
    }

    /**
     * Logs one line at {@link LogLevel#INFO}.
     *
     * @param format a {@link String#format} pattern
     * @param args   its arguments; a trailing {@link Throwable} is logged with its stack trace
     */
    default void info(String format, Object... args) {
        log(LogLevel.INFO, format, args);
    }

    /**
     * Logs one line at {@link LogLevel#WARNING}.
     *
     * @param format a {@link String#format} pattern
     * @param args   its arguments; a trailing {@link Throwable} is logged with its stack trace
     */
    default void warning(String format, Object... args) {
        log(LogLevel.WARNING, format, args);
    }

    /**
     * Logs one line at {@link LogLevel#ERROR}.
     *
     * @param format a {@link String#format} pattern
     * @param args   its arguments; a trailing {@link Throwable} is logged with its stack trace
     */
    default void error(String format, Object... args) {
        log(LogLevel.ERROR, format, args);
    }
}
