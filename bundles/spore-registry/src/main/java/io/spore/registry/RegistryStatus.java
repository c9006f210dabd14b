package io.spore.registry;

/** The outcome of a registry operation. */
public enum RegistryStatus {
    /** Done (or already so: every operation may be repeated with the same effect). */
    OK,
    /** Another process holds the global name; {@link RegistryResult#holder()} names it. */
    NAME_TAKEN,
    /** The name is held by another process than the one given; {@link RegistryResult#holder()} names it. */
    NOT_HOLDER,
    /** This client has not joined the registry as a node. */
    NOT_JOINED,
    /** The process is not of this client's node (name and creation); a node only registers its own processes. */
    FOREIGN_PROCESS,
    /** The request was not valid (an empty or too long name, for example); the detail says why. */
    INVALID,
    /** The node holds as many names and group memberships as the registry allows. */
    LIMIT,
    /** No answer from the registry in time, or the client is closed; the operation may or may not have happened. */
    UNAVAILABLE
}
