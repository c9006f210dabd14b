package io.spore.api;

import java.util.Objects;

/**
 * Who is waiting for the answer to a call: pass it to {@link ProcessContext#reply(Caller, Object)} to answer
 * later. Answering twice, or after the caller's timeout, is harmless: the late reply is dropped.
 *
 * <p>Values compare by content: their {@link #from()} and their {@link #ref()}. Immutable and safe to share between
 * threads.
 *
 * <p>Why a class that keeps its ref's parts rather than a record of a pid and a {@link Ref}: a call that arrives
 * from another node would cost two objects, the caller and its ref, which were 56 of the 64 bytes a remote call's
 * round trip allocated. A transport makes a caller of the ref's parts ({@link #Caller(Pid, long, int)}) and answers
 * with them ({@link #refId()}, {@link #refCreation()}); {@link #ref()} makes the ref only when asked.
 */
public final class Caller {
    private final Pid from;
    /** The ref it was made with, or {@code null} when made of the ref's parts. */
    private final Ref ref;
    private final long refId;
    private final int refCreation;

    /**
     * @param from the calling process, or a node's identity for calls from outside a process
     * @param ref  the reference that pairs the reply with the request
     */
    public Caller(Pid from, Ref ref) {
        this.from = Objects.requireNonNull(from, "from");
        this.ref = Objects.requireNonNull(ref, "ref");
        this.refId = ref.id();
        this.refCreation = ref.creation();
    }

    /**
     * A caller whose ref was made by its own node, given by the ref's parts: as a transport reads them off a call
     * request. Since 1.7.
     *
     * @param from        the calling process, or a node's identity for calls from outside a process
     * @param refId       the id of the ref that pairs the reply with the request, made on {@code from}'s node
     * @param refCreation the creation of that ref
     */
    public Caller(Pid from, long refId, int refCreation) {
        this.from = Objects.requireNonNull(from, "from");
        this.ref = null;
        this.refId = refId;
        this.refCreation = refCreation;
    }

    /** @return the calling process, or a node's identity for calls from outside a process */
    public Pid from() {
        return from;
    }

    /** @return the reference that pairs the reply with the request (made now if this caller was given its parts) */
    public Ref ref() {
        return ref != null ? ref : new Ref(from.node(), refId, refCreation);
    }

    /** @return the id of {@link #ref()}, without making the ref. Since 1.7. */
    public long refId() {
        return refId;
    }

    /** @return the creation of {@link #ref()}, without making the ref. Since 1.7. */
    public int refCreation() {
        return refCreation;
    }

    private NodeName refNode() {
        return ref != null ? ref.node() : from.node();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Caller that && refId == that.refId
            && refCreation == that.refCreation && from.equals(that.from) && refNode().equals(that.refNode());
    }

    @Override
    public int hashCode() {
        return 31 * from.hashCode() + Long.hashCode(refId) * 17 + refCreation;
    }

    @Override
    public String toString() {
        return "Caller[from=" + from + ", ref=" + ref() + "]";
    }
}
