package io.spore.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.atomic.LongAdder;
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
 * <p>Threading: {@link #staged()} from any thread; the rest on the agent's thread.
 */
final class StagedFlushes {
    private final LongAdder batchesOut;
    private volatile Thread agent;
    private volatile boolean pending;

    /** @param batchesOut where batches sent are counted */
    StagedFlushes(LongAdder batchesOut) {
        this.batchesOut = batchesOut;
    }

    /** A batch of two or more frames left as one Aeron message. */
    void batchSent() {
        batchesOut.increment();
    }

    /** The agent's thread, once it runs. */
    void agentStarted(Thread thread) {
        agent = thread;
    }

    /** A sender left frames staged: the agent must come round soon. Costs an unpark once per batch. */
    void staged() {
        pending = true;
        Thread thread = agent;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Agent: starts a pass over the connections; {@link #stillStaged()} for each that keeps frames staged. */
    void beginPass() {
        pending = false;
    }

    /** Agent: a connection still holds staged frames after the pass visited it. */
    void stillStaged() {
        pending = true;
    }

    /** @return {@code idle}, made to yield instead of backing off while frames are staged anywhere */
    IdleStrategy around(IdleStrategy idle) {
        return new IdleStrategy() {
            @Override
            public void idle(int workCount) {
                if (workCount <= 0 && pending) {
                    idle.reset();
                    Thread.yield();
                } else {
                    idle.idle(workCount);
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
