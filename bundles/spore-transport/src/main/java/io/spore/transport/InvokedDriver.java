package io.spore.transport;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * An embedded media driver in Aeron's {@code INVOKER} threading mode: no thread of its own; whichever transport
 * thread polls runs the driver's duty cycle, and the Aeron client's conductor's, first ({@link #invoke()}): the
 * transport agent each cycle, a caller that helps receive while it waits for its answer, and an Aeron client thread
 * that waits for the driver's answer to a command. One thread at a time: the others find the driver taken and go on,
 * since the thread that has it does the work.
 *
 * <p>Why: on a small machine every frame the driver sends or receives was handed between the driver's thread and
 * the agent's (or the caller's); with the driver run by the thread that polls, a call's request leaves and its answer
 * is read on the caller's own thread, and a request is received and handled on one thread.
 *
 * <p>Why the duty cycles are run here rather than through Aeron's {@link AgentInvoker}s: an invoker run on an
 * interrupted thread that found no work stops for good, and a caller's thread may be interrupted by its owner at any
 * moment; the node's driver, and with it every connection, would stop with it. Here an interrupted thread does not
 * run the driver (its conductor writes log buffers through file channels, which an interrupt closes; its sockets are
 * non-blocking, which the JDK does not close), and an interrupt that comes during a cycle stops nothing: the agent
 * runs the next one. What a cycle throws goes to the node's error handler, as the invoker would have sent it.
 *
 * <p>Threading: {@link #invoke()} from any thread.
 */
final class InvokedDriver {
    /** No invoked driver: the driver runs on threads of its own (or outside the node); invoking does nothing. */
    static final InvokedDriver NONE = new InvokedDriver(null, error -> {
    });

    /**
     * Driver cycles the agent runs in a row while they find work ({@link #invokeWhileBusy()}). The driver takes one
     * datagram per socket per cycle, and the agent's cycle is far longer than a driver thread's own, so a backlog on a
     * socket (a peer's status messages, naks and heartbeats behind a burst) drained at the agent's pace: with one
     * cycle, a sender whose large messages met a consumer stalled for seconds lost its large stream's connection (no
     * status message taken for Aeron's 5 s) in 4 of 6 runs of the hostile-peer test in this mode; with up to 8, in 1
     * of 10 (the rest was Aeron rejecting the stalled receiver's status messages, {@link QuarterTermFlowControl}).
     */
    static final int CYCLES_WHILE_BUSY = 8;

    /** The driver's sender, receiver and conductor, started by the driver's launch and closed by its close. */
    private final Agent driver;
    private final ErrorHandler errors;
    private final SpinLock taken = new SpinLock();
    /** Duty cycles run so far (counted under {@link #taken}): how a {@link DriverKeeper} sees that none ran lately. */
    private volatile int runs;
    /** The Aeron client's conductor, which runs in the same threads as the driver; set once the client is up. */
    private volatile Agent clientConductor;

    /**
     * @param driver the started driver's invoker, whose agent is run here; null for {@link #NONE}
     * @param errors told of what a duty cycle throws
     */
    InvokedDriver(AgentInvoker driver, ErrorHandler errors) {
        this.driver = driver == null ? null : driver.agent();
        this.errors = errors;
    }

    /** @return whether a transport thread must run the driver */
    boolean isInvoked() {
        return driver != null;
    }

    /** @param conductor the Aeron client's started conductor invoker, whose agent is run with the driver from now on */
    void clientConductor(AgentInvoker conductor) {
        clientConductor = conductor.agent();
    }

    /**
     * @return the driver's and the client conductor's work in one duty cycle; 0 when another thread is running them,
     *         the calling thread is interrupted, or nothing is invoked
     */
    int invoke() {
        return driver == null ? 0 : runTaken(clientConductor);
    }

    /**
     * The agent's turn: {@link #invoke()} again while the driver has work, up to {@link #CYCLES_WHILE_BUSY} times.
     *
     * @return the work of those cycles
     */
    int invokeWhileBusy() {
        int work = 0;
        for (int i = 0, cycle; i < CYCLES_WHILE_BUSY && (cycle = invoke()) > 0; i++) {
            work += cycle;
        }
        return work;
    }

    /** The driver only: for a client thread that waits for an answer, and services the client conductor itself. */
    private int invokeDriver() {
        return runTaken(null);
    }

    /** The driver, then {@code conductor} if given, by the thread that takes them; 0 when interrupted or taken. */
    private int runTaken(Agent conductor) {
        if (Thread.currentThread().isInterrupted() || !taken.tryLock()) {
            return 0;
        }
        try {
            runs++; // under the lock: one writer at a time
            return run(driver) + (conductor == null ? 0 : run(conductor));
        } finally {
            taken.unlock();
        }
    }

    private int run(Agent agent) {
        try {
            return agent.doWork();
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            errors.onError(e);
            return 0;
        }
    }

    /** @return the duty cycles run so far (any thread) */
    int runs() {
        return runs;
    }

    /**
     * @return an invoker for the Aeron client, which runs the driver while it waits for the answer to a command
     *         (Aeron's {@code driverAgentInvoker}); started
     */
    AgentInvoker forClient() {
        AgentInvoker invoker = new AgentInvoker(errors, null, new Agent() {
            @Override
            public int doWork() {
                return invokeDriver();
            }

            @Override
            public String roleName() {
                return "spore-invoked-driver";
            }
        });
        invoker.start();
        return invoker;
    }
}
