package io.spore.registry.service;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.Status;

/**
 * Where the state machine's responses and events go: on the cluster, the egress of client sessions
 * ({@link EgressPublisher}); in unit tests, a list. A {@code target} is one cluster session id, or
 * {@link #ALL_SESSIONS}.
 */
public interface RegistryOutbox {
    /** The target of an event for every session. */
    long ALL_SESSIONS = -1;

    /**
     * The outcome of a command.
     *
     * @param sessionId     the session that sent it
     * @param correlationId the command's correlation id
     * @param status        the outcome
     * @param holder        the holder of a name, or {@code null}
     * @param detail        why, or empty
     */
    void respond(long sessionId, long correlationId, Status status, Pid holder, String detail);

    /**
     * A node joined.
     *
     * @param target  a session or {@link #ALL_SESSIONS}
     * @param version the state's version
     * @param node    the node
     */
    void nodeJoined(long target, long version, RegistryNode node);

    /**
     * A node left.
     *
     * @param target   a session or {@link #ALL_SESSIONS}
     * @param version  the state's version
     * @param node     the node's name
     * @param creation the node's creation
     */
    void nodeLeft(long target, long version, NodeName node, int creation);

    /**
     * A name or a group membership changed.
     *
     * @param target  a session or {@link #ALL_SESSIONS}
     * @param version the state's version
     * @param op      which change
     * @param key     the name or group
     * @param pid     the process
     */
    void processEvent(long target, long version, ProcessOp op, String key, Pid pid);

    /**
     * A whole view begins (to one session) at a version.
     *
     * @param target  the session
     * @param version the state's version
     */
    void viewBegin(long target, long version);

    /**
     * A whole view is complete.
     *
     * @param target  the session
     * @param version the state's version
     * @param records how many records the view held
     */
    void viewEnd(long target, long version, int records);

    /**
     * Closes a session whose node joined again through another session.
     *
     * @param sessionId the old session
     */
    void closeSession(long sessionId);
}
