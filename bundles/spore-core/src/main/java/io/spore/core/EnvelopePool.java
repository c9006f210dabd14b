package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Pid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Envelopes for the messages that arrive from other nodes, reused instead of allocated: the transport's receiving
 * thread takes them, and a process's turn gives back the ones it has consumed, so a steady stream of remote
 * messages leaves no garbage but the message values themselves.
 *
 * <p>How: a turn gathers the pooled envelopes it consumed into one chain and pushes it onto a stack with a single
 * compare-and-set; the receiving thread keeps a chain of its own and, when that runs out, takes the whole stack with
 * a single exchange, so neither side pays an atomic operation per message. An envelope is given back only once the
 * mailbox's head has moved past it, so no producer and no consumer still uses it. The stack holds at most
 * {@link #CAPACITY} envelopes; a turn that would overfill it drops its chain to the garbage collector, so a burst
 * that queued many messages does not leave them all held here afterwards.
 *
 * <p>Threading: {@link #take} by one thread at a time (the transport's receiving thread; a helper that receives
 * holds the same lock), {@link #giveBack} from any worker.
 */
final class EnvelopePool {
    /** The most envelopes the returned stack holds: 2 MiB of them. */
    static final int CAPACITY = 65_536;
    private static final VarHandle RETURNED;

    static {
        try {
            RETURNED = MethodHandles.lookup().findVarHandle(EnvelopePool.class, "returned", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The top of the stack of returned chains (linked by {@code next}); its {@code stacked} counts them all. */
    @SuppressWarnings("unused") // through RETURNED
    private volatile Envelope returned;
    /** The taker's own chain; only the thread taking touches it. */
    private Envelope.Pooled local;

    /** @return an envelope holding the message, reused when one has been given back */
    Envelope take(byte kind, Pid from, Object message) {
        Envelope.Pooled envelope = local;
        if (envelope == null) {
            envelope = (Envelope.Pooled) RETURNED.getAndSet(this, null);
            if (envelope == null) {
                return new Envelope.Pooled(kind, from, message);
            }
        }
        local = (Envelope.Pooled) envelope.next;
        // Plain writes: the mailbox publishes them with the exchange on its tail and the release of the link.
        envelope.next = null;
        envelope.kind = kind;
        envelope.from = from;
        envelope.message = message;
        return envelope;
    }

    /** @return a {@link Envelope#CALL} envelope holding the caller and the request, reused when one was given back */
    Envelope takeCall(Caller caller, Object request) {
        Envelope.Pooled envelope = (Envelope.Pooled) take(Envelope.CALL, caller.from(), caller);
        envelope.request = request;
        return envelope;
    }

    /**
     * Gives back the chain {@code first} … {@code last} of {@code count} consumed envelopes, linked by {@code next}
     * and cleared, or drops it when the stack is full.
     */
    void giveBack(Envelope first, Envelope last, int count) {
        while (true) {
            Envelope top = (Envelope) RETURNED.getAcquire(this);
            int below = top == null ? 0 : top.stacked;
            if (below + count > CAPACITY) {
                return; // enough are waiting: these go to the garbage collector
            }
            last.next = top;
            first.stacked = below + count;
            if (RETURNED.compareAndSet(this, top, first)) {
                return;
            }
        }
    }
}
