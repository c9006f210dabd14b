package io.spore.api;

/** The level below which a process's log lines are dropped. Children inherit their parent's level. */
public enum LogLevel {
    /** The finest detail, for tracing a process's every step. */
    TRACE,
    /** Detail for debugging. */
    DEBUG,
    /** Normal events worth a line. */
    INFO,
    /** Something unexpected that the process survives. */
    WARNING,
    /** A failure. */
    ERROR,
    /** As a threshold: no line passes, whatever its level. */
    DISABLED;

    /**
     * @param level a level of a line
     * @return whether a line at {@code level} passes this threshold
     */
    public boolean admits(LogLevel level) {
        return this != DISABLED && level.ordinal() >= ordinal();
    }
}
