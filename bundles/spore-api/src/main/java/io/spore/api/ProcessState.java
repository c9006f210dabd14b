package io.spore.api;

/** Where a process is in its life, as {@link ProcessInfo} reports it. */
public enum ProcessState {
    /** {@code init} is running. */
    INITIALIZING,
    /** Idle, waiting for a message; costs no thread. */
    WAITING,
    /** Has messages and is scheduled or running on a worker thread. */
    RUNNING,
    /** Ended; about to leave the process table. */
    TERMINATED
}
