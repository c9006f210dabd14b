package io.spore.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * How a sender that left frames staged in a {@link BatchingPublication} makes sure the receive agent sends them
 * soon: it raises this signal and unparks the agent, whose idle strategy then only yields, never parks, until the
 * agent has found nothing staged anywhere.
 *
 * <p>Why the agent: a sender stages a frame only while the media driver is still sending earlier ones, and the
 * next sender flushes the batch once the driver has caught up. The last frames of a burst have no next sender; the
 * agent, which visits every connection each duty cycle, flushes them as soon as the driver is free.
 *
 * <p>Threading: {@link #staged()} from any thread; {@link #largeWork} on whichever thread receives; the rest on the
 * agent's thread.
 */
final class StagedFlushes {
    private final TransportCounters counters;
    private volatile Thread agent;
    private volatile boolean pending;
    /**
     * Raised by the agent before it backs off (which may park) and lowered after. With {@link #pending} it makes a
     * Dekker pair: the agent raises this and then reads pending, a sender raises pending and then reads this, so
     * either the agent sees the staged frames and yields, or the sender sees it may park and unparks it.
     */
    private volatile boolean mayPark;
    /**
     * Set when a duty cycle worked on a large message ({@link #largeWork}); read and cleared by the agent. A helper
     * that polls may set it too, unseen or a cycle late: a yield more or less.
     */
    private boolean largeWork;

    /** @param counters where the publications' batches are counted */
    StagedFlushes(TransportCounters counters) {
        this.counters = counters;
    }

    /** A new data publication: its batches count from now on. */
    void track(BatchingPublication publication) {
        counters.trackBatches(publication);
    }

    /** A closed one: its count is kept, the publication dropped. */
    void retire(BatchingPublication publication) {
        counters.retireBatches(publication);
    }

    /** The agent's thread, once it runs. */
    void agentStarted(Thread thread) {
        agent = thread;
    }

    /**
     * A sender left frames staged: the agent must come round soon. Unparks it only when it may be parking: while
     * frames are staged it yields instead, and an unpark costs the sender a system call.
     */
    void staged() {
        pending = true;
        Thread thread = agent;
        if (thread != null && mayPark) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Agent: sends the data frames that senders left staged, where due (see {@link BatchingPublication}), and notes
     * whether some association still holds some, so the agent does not park meanwhile; closes the large-message
     * streams that went idle ({@link LargeLane#closeIfIdle}).
     *
     * @return the batches sent
     */
    int flush(java.util.List<Association> active, long nowNs) {
        pending = false;
        int sent = 0;
        for (int i = active.size() - 1; i >= 0; i--) {
            PeerPublications publications = active.get(i).publications();
            if (publications == null) {
                continue;
            }
            sent += publications.lane.closeIfIdle(nowNs); // the agent visits every connection here: a cheap check
            if (publications.hasStaged()) {
                sent += publications.flushStaged(nowNs);
                if (publications.hasStaged() && !publications.stagedLongerThanDue(nowNs)) {
                    pending = true; // else back-pressured: retried each duty cycle, parking allowed between
                }
            }
        }
        return sent;
    }

    /**
     * Notes that a duty cycle sent or opened a chunk of a large-message stream ({@link LargeStream}): the agent then
     * yields after it ({@link #around}).
     *
     * @return {@code work}
     */
    int largeWork(int work) {
        if (work > 0) {
            largeWork = true;
        }
        return work;
    }

    /**
     * @return {@code idle}, made to yield instead of backing off while frames are staged anywhere, and to yield after
     *         a duty cycle that worked on a large message: while a 50 MiB message is sealed, sent, received and opened,
     *         both transport agents and both media drivers always have work, and on a small machine a call sent
     *         meanwhile waited at each of its hand-overs between threads (the callee's worker, woken; the caller)
     *         for the kernel to take a core from one of them, milliseconds; a yield after each chunk hands the core
     *         over within tens of microseconds, at the cost of a system call per chunk of 32 KiB or so
     */
    IdleStrategy around(IdleStrategy idle) {
        return new IdleStrategy() {
            @Override
            public void idle(int workCount) {
                if (workCount > 0) {
                    idle.idle(workCount);
                    if (largeWork) {
                        largeWork = false;
                        Thread.yield();
                    }
                    return;
                }
                mayPark = true;
                if (pending) {
                    mayPark = false;
                    idle.reset();
                    Thread.yield();
                } else {
                    idle.idle(workCount);
                    mayPark = false;
                }
            }

            @Override
            public void idle() {
                idle.idle();
            }

            @Override
            public void reset() {
                idle.reset();
            }

            @Override
            public String alias() {
                return idle.alias();
            }

            @Override
            public String toString() {
                return idle + " (yields while frames are staged)";
            }
        };
    }
}
