package io.spore.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Who wakes whom among a node's transport threads (see {@link WakeableIdleStrategy}): a thread that offered a frame
 * wakes the embedded media driver's sending thread, and the driver's receiving thread, when it did work after a quiet
 * while, wakes the transport agent, which reads what arrived. A driver that dozes wakes the agent only when a peer's
 * frames arrived ({@link DozingEndpoints}): Aeron's heartbeats and status messages, which keep an idle connection
 * alive several times a second, are nothing for the agent to read, and an agent that waits for the driver to take a
 * frame dozes briefly instead ({@link AgentDozeBound}). With an external driver, shared by the nodes of a host, there
 * is no driver thread here to wake, and the agent is woken only by its own park ending, as before. A driver in
 * {@code INVOKER} mode has no thread either: the agent runs it ({@link InvokedDriver}), dozes on its sockets itself,
 * and a sender's wake goes to the agent.
 *
 * <p>Threading: the strategies are set once, while the transport starts; the wakes from any thread.
 */
final class IdleWakes {
    private static final Runnable NOTHING = () -> {
    };
    /**
     * How long the driver stays awake for client commands ({@link #expectDriverCommands}): a command and its answer
     * take well under this, and a peer's Setup and status message, which a new publication waits for, arrive on
     * the driver's sockets anyway.
     */
    static final long DRIVER_COMMAND_NS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * The agent's longest doze. Its heartbeats bound each doze ({@link AgentDozeBound}: they fall due together, once
     * an interval), and its other timers (handshake deadlines, strangers' images) are seconds long, but a doze this
     * long is also what a missed wake would cost: a half-second doze, tried first, showed such wakes as calls that
     * took a quarter to half a second, and 100 ms keeps any left (none is known) no worse than before.
     */
    static final long AGENT_DOZE_NS = WakeableIdleStrategy.DOZE_NS;
    /** Aeron's own sleep for its client conductor, kept before the conductor dozes ({@link #clientIdle}). */
    static final long CLIENT_CONDUCTOR_SLEEP_MS = 16;

    /** Whether the driver may doze: only where a transport's senders wake it ({@link #IdleWakes(boolean)}). */
    private final boolean dozing;
    private volatile WakeableIdleStrategy driverSender;
    /** Whether the embedded driver runs in the transport's threads ({@link InvokedDriver}), not its own. */
    private volatile boolean driverInvoked;
    private volatile WakeableIdleStrategy agent;
    private volatile WakeableIdleStrategy client;
    /** The embedded driver's doze on its sockets, when its network thread dozes; null otherwise. */
    private volatile SocketDoze driverDoze;
    /** Whether a peer's frames arrived since the driver last woke the agent; on the driver's dozing thread only. */
    private boolean dataArrived;

    /**
     * @param dozing whether the embedded driver's threads may doze once quiet: for a transport, whose every offer
     *               wakes the driver; not for a driver whose clients offer on their own (a test's raw Aeron client),
     *               whom nothing would wake
     */
    IdleWakes(boolean dozing) {
        this.dozing = dozing;
    }

    /**
     * Sets the embedded driver's idle strategies, each made by {@code idle} and made wakeable where the threading
     * mode puts the sender and the receiver. With Spore's backoff and one thread for the sender and the receiver
     * (shared or shared-network mode), that thread also dozes on the driver's sockets once quiet
     * ({@link WakeableIdleStrategy}), and the driver's endpoints register their sockets for it.
     */
    MediaDriver.Context driverIdle(MediaDriver.Context driver, ThreadingMode mode, Supplier<IdleStrategy> idle) {
        if (mode == ThreadingMode.INVOKER) {
            return invokedDriverIdle(driver, idle);
        }
        long beforePark = IdleStrategies.idleCyclesBeforePark(idle);
        boolean networkOnOneThread = mode == ThreadingMode.SHARED || mode == ThreadingMode.SHARED_NETWORK;
        SocketDoze doze = dozing && networkOnOneThread && IdleStrategies.mayDoze(idle) ? new SocketDoze() : null;
        Runnable received = this::wakeAgent;
        Runnable receivedWhileBusy = this::wakeAgentIfDozing;
        if (doze != null) {
            driver.receiveChannelEndpointSupplier(DozingEndpoints.receiving(doze, () -> dataArrived = true))
                .sendChannelEndpointSupplier(DozingEndpoints.sending(doze));
            driverDoze = doze;
            received = () -> {
                if (takeDataArrived()) {
                    wakeAgent();
                }
            };
            receivedWhileBusy = () -> {
                if (takeDataArrived()) {
                    wakeAgentIfDozing();
                }
            };
        }
        switch (mode) {
            case SHARED -> {
                WakeableIdleStrategy shared = new WakeableIdleStrategy(idle.get(), beforePark, received,
                    receivedWhileBusy, NOTHING, doze, WakeableIdleStrategy.DOZE_NS);
                driverSender = shared;
                driver.sharedIdleStrategy(shared);
            }
            case SHARED_NETWORK -> {
                WakeableIdleStrategy network = new WakeableIdleStrategy(idle.get(), beforePark, received,
                    receivedWhileBusy, NOTHING, doze, WakeableIdleStrategy.DOZE_NS);
                driverSender = network;
                driver.sharedNetworkIdleStrategy(network);
            }
            default -> {
                WakeableIdleStrategy sender = new WakeableIdleStrategy(idle.get(), beforePark, NOTHING);
                driverSender = sender;
                driver.senderIdleStrategy(sender);
                driver.receiverIdleStrategy(new WakeableIdleStrategy(idle.get(), beforePark, received));
            }
        }
        // One instance per agent (a strategy keeps per-thread state); only those of the chosen mode are used.
        if (mode != ThreadingMode.SHARED) {
            driver.sharedIdleStrategy(idle.get());
        }
        if (mode != ThreadingMode.SHARED_NETWORK) {
            driver.sharedNetworkIdleStrategy(idle.get());
        }
        if (networkOnOneThread) {
            driver.senderIdleStrategy(idle.get()).receiverIdleStrategy(idle.get());
        }
        return driver.conductorIdleStrategy(idle.get());
    }

    /**
     * An invoked driver ({@link InvokedDriver}) has no thread of its own: the transport agent runs it, and so dozes on
     * its sockets itself ({@link #agentIdle}), and a sender's wake goes to the agent. The driver's idle strategies are
     * never used; they are set only so that Aeron does not look them up by name.
     */
    private MediaDriver.Context invokedDriverIdle(MediaDriver.Context driver, Supplier<IdleStrategy> idle) {
        driverInvoked = true;
        if (dozing && IdleStrategies.mayDoze(idle)) {
            SocketDoze doze = new SocketDoze();
            // The agent reads whatever the driver received in the same cycle: nobody to tell of arrivals.
            driver.receiveChannelEndpointSupplier(DozingEndpoints.receiving(doze, NOTHING))
                .sendChannelEndpointSupplier(DozingEndpoints.sending(doze));
            driverDoze = doze;
        }
        return driver.sharedIdleStrategy(idle.get()).sharedNetworkIdleStrategy(idle.get())
            .senderIdleStrategy(idle.get()).receiverIdleStrategy(idle.get()).conductorIdleStrategy(idle.get());
    }

    /**
     * @return the transport agent's strategy, one of {@code idle}'s made wakeable; it dozes (parked) once quiet when
     *         the embedded driver dozes too, since then the driver wakes it for what arrives, and it wakes the driver
     *         to send what it offered. With an external driver nothing would wake it: it backs off only.
     * @param dozeBoundNs       the longest the agent may doze now ({@link AgentDozeBound})
     */
    IdleStrategy agentIdle(Supplier<IdleStrategy> idle, LongSupplier dozeBoundNs) {
        SocketDoze sockets = driverDoze;
        Doze doze = sockets == null ? null : driverInvoked ? Doze.onSockets(sockets, dozeBoundNs)
            : Doze.parking(dozeBoundNs);
        // An agent that runs the driver sends what it offered itself, in the cycle before it dozes.
        Runnable wentIdle = sockets == null || driverInvoked ? NOTHING : this::wakeDriver;
        WakeableIdleStrategy wakeable = new WakeableIdleStrategy(idle.get(), IdleStrategies.idleCyclesBeforePark(idle),
            NOTHING, NOTHING, wentIdle, doze, AGENT_DOZE_NS);
        agent = wakeable;
        return wakeable;
    }

    /**
     * An Aeron client command to the embedded driver is coming (a publication to open or close): its conductor answers
     * within a millisecond for the next {@link #DRIVER_COMMAND_NS}, not after a doze. An invoked driver answers on the
     * commanding thread, which runs it while it waits, but what follows the answer (a new publication's Setup, the
     * peer's status message) is the agent's to run, and so the agent stays awake instead. Safe from any thread.
     */
    void expectDriverCommands() {
        WakeableIdleStrategy invoker = driverInvoked ? agent : null;
        if (invoker != null) {
            invoker.stayAwake(DRIVER_COMMAND_NS);
        }
        WakeableIdleStrategy driver = driverSender;
        if (driver != null) {
            driver.stayAwake(DRIVER_COMMAND_NS);
        }
        WakeableIdleStrategy conductor = client;
        if (conductor != null) {
            conductor.stayAwake(DRIVER_COMMAND_NS);
        }
    }

    /**
     * @return the embedded driver's client conductor's strategy where the driver dozes: Aeron's own sleep of 16 ms,
     *         then dozes of {@link WakeableIdleStrategy#DOZE_NS} once quiet, short ones while the connector works
     *         ({@link #expectDriverCommands}: a new connection waits for the conductor to hear of the peer's image);
     *         null elsewhere, for Aeron's default. The conductor only hears of images coming and going and of error
     *         frames, and keeps the client alive every 500 ms; a thread that waits for the driver's answer to a
     *         command does that work itself. Its 16 ms sleeps woke it 60 times a second on an idle node.
     */
    IdleStrategy clientIdle() {
        if (driverDoze == null || driverInvoked) { // an invoked driver's client conductor is invoked with it
            return null;
        }
        WakeableIdleStrategy conductor = new WakeableIdleStrategy(new SleepingMillisIdleStrategy(
            CLIENT_CONDUCTOR_SLEEP_MS), 0, NOTHING, NOTHING, NOTHING, Doze.PARK, WakeableIdleStrategy.DOZE_NS);
        client = conductor;
        return conductor;
    }

    /** A frame was offered: the embedded driver sends it now, not after its park. */
    void wakeDriver() {
        if (driverInvoked) {
            wakeAgent();
            return;
        }
        WakeableIdleStrategy sender = driverSender;
        if (sender != null) {
            sender.wake();
        }
    }

    /**
     * The driver did work, perhaps received a frame, or a command for the agent was queued: the agent acts on it now,
     * not after its park.
     */
    void wakeAgent() {
        WakeableIdleStrategy receiver = agent;
        if (receiver != null) {
            receiver.wake();
        }
    }

    /** Driver thread: whether a peer's frames arrived since the last call. */
    private boolean takeDataArrived() {
        boolean arrived = dataArrived;
        dataArrived = false;
        return arrived;
    }

    /** The driver did work while busy: a dozing agent must look, since the driver's quiet is not the agent's. */
    private void wakeAgentIfDozing() {
        WakeableIdleStrategy receiver = agent;
        if (receiver != null) {
            receiver.wakeIfDozing();
        }
    }

    /** The embedded driver has closed: its doze's selector goes too. */
    void driverClosed() {
        SocketDoze doze = driverDoze;
        if (doze != null) {
            doze.close();
        }
    }
}
