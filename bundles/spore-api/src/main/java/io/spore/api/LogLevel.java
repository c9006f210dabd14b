package io.spore.api;

/** The level below which a process's log lines are dropped. Children inherit their parent's level. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARNING, ERROR, DISABLED;

    /**
     * @param level a level of a line
     * @return whether a line at {@code level} passes this threshold
     */
    public boolean admits(LogLevel level) {
        return this != DISABLED && level.ordinal() >= ordinal();
    }
}
