package io.spore.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/**
 * Who wakes whom among a node's transport threads (see {@link WakeableIdleStrategy}): a thread that offered a frame
 * wakes the embedded media driver's sending thread, and the driver's receiving thread, when it did work after a quiet
 * while, wakes the transport agent, which reads what arrived. With an external driver, shared by the nodes of a host,
 * there is no driver thread here to wake, and the agent is woken only by its own park ending, as before.
 *
 * <p>Threading: the strategies are set once, while the transport starts; the wakes from any thread.
 */
final class IdleWakes {
    private static final Runnable NOTHING = () -> {
    };

    private volatile WakeableIdleStrategy driverSender;
    private volatile WakeableIdleStrategy agent;

    /**
     * Sets the embedded driver's idle strategies, each made by {@code idle} and made wakeable where the threading
     * mode puts the sender and the receiver.
     */
    MediaDriver.Context driverIdle(MediaDriver.Context driver, ThreadingMode mode, Supplier<IdleStrategy> idle) {
        Runnable received = this::wakeAgent;
        long beforePark = IdleStrategies.idleCyclesBeforePark(idle);
        switch (mode) {
            case SHARED -> {
                WakeableIdleStrategy shared = new WakeableIdleStrategy(idle.get(), beforePark, received);
                driverSender = shared;
                driver.sharedIdleStrategy(shared);
            }
            case SHARED_NETWORK -> {
                WakeableIdleStrategy network = new WakeableIdleStrategy(idle.get(), beforePark, received);
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
        if (mode == ThreadingMode.SHARED || mode == ThreadingMode.SHARED_NETWORK) {
            driver.senderIdleStrategy(idle.get()).receiverIdleStrategy(idle.get());
        }
        return driver.conductorIdleStrategy(idle.get());
    }

    /** @return the transport agent's strategy, one of {@code idle}'s made wakeable */
    IdleStrategy agentIdle(Supplier<IdleStrategy> idle) {
        WakeableIdleStrategy wakeable = new WakeableIdleStrategy(idle.get(), IdleStrategies.idleCyclesBeforePark(idle),
            NOTHING);
        agent = wakeable;
        return wakeable;
    }

    /** A frame was offered: the embedded driver sends it now, not after its park. */
    void wakeDriver() {
        WakeableIdleStrategy sender = driverSender;
        if (sender != null) {
            sender.wake();
        }
    }

    /** The driver did work, perhaps received a frame: the agent reads it now, not after its park. */
    void wakeAgent() {
        WakeableIdleStrategy receiver = agent;
        if (receiver != null) {
            receiver.wake();
        }
    }
}
