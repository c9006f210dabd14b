package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Pid;

/**
 * One entry of a mailbox: a user message or a signal, linked to the next entry (the mailbox is an intrusive
 * queue, so a send allocates this object and nothing else; a message from another node reuses one from the node's
 * {@link EnvelopePool}).
 */
class Envelope {
    /** A message for {@code handleMessage}. */
    static final byte MESSAGE = 0;
    /**
     * A call for {@code handleCall}: a {@link CallRequest}, or in a {@link Pooled} envelope the caller itself and the
     * request beside it (read both with {@link #caller()} and {@link #request()}).
     */
    static final byte CALL = 1;
    /** A {@link CallReply} for a call this process made. */
    static final byte REPLY = 2;
    /** An exit signal ({@code message} is an {@link io.spore.api.Exit}) sent with {@code exit(pid, reason)}. */
    static final byte EXIT = 3;
    /** An exit signal over a link ({@code message} is an {@link io.spore.api.Exit}). */
    static final byte LINK_EXIT = 4;
    /** A {@link io.spore.api.Down} for a monitor this process holds. */
    static final byte DOWN = 5;
    /** Wakes the process so it notices an untrappable exit ({@code message} is ignored). */
    static final byte WAKE = 6;
    /** A node went down ({@code message} is its {@link io.spore.api.NodeName}): fire what depended on it. */
    static final byte NODE_DOWN = 7;
    /**
     * The process's receive timeout ran out ({@code message} is the {@link ProcessTimer} that did): handled only if it
     * is still the one armed, as a {@link io.spore.api.ReceiveTimeout} message.
     */
    static final byte TIMEOUT = 8;

    /** Written before the envelope is enqueued (by its constructor, or by {@link EnvelopePool#take}). */
    byte kind;
    /** Whether it belongs to an {@link EnvelopePool}, which gets it back once a turn has consumed it. */
    final boolean pooled;
    Pid from;
    Object message;
    /** Written once by the producer with a release store and read by the consumer with an acquire load. */
    Envelope next;
    /** In a pool's stack of returned chains: how many envelopes this one and those below it hold. */
    int stacked;

    Envelope(byte kind, Pid from, Object message) {
        this(kind, from, message, false);
    }

    private Envelope(byte kind, Pid from, Object message, boolean pooled) {
        this.kind = kind;
        this.from = from;
        this.message = message;
        this.pooled = pooled;
    }

    /** For a {@link #CALL}: who waits for the answer. */
    final Caller caller() {
        return pooled ? (Caller) message : ((CallRequest) message).caller();
    }

    /** For a {@link #CALL}: what the caller asked. */
    final Object request() {
        return pooled ? ((Pooled) this).request : ((CallRequest) message).request();
    }

    /**
     * An envelope of the {@link EnvelopePool}, with room for a call's request beside its caller: a call from another
     * node then needs no {@link CallRequest}. Only the pool makes these, so the envelope of a local send keeps its
     * size.
     */
    static final class Pooled extends Envelope {
        /** A call's request; {@code null} otherwise. */
        Object request;

        Pooled(byte kind, Pid from, Object message) {
            super(kind, from, message, true);
        }
    }
}
