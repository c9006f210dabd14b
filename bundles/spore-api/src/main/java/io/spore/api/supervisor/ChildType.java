package io.spore.api.supervisor;

/** Whether a child does work or supervises others; it only changes the default shutdown and what is counted. */
public enum ChildType {
    /** A process doing work; its default shutdown timeout is 5 seconds. */
    WORKER,
    /** A supervisor (see {@link Supervisors#factory(SupervisorSpec)}); by default it has all the time it needs. */
    SUPERVISOR
}
