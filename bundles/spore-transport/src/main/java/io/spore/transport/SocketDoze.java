package io.spore.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The embedded media driver's doze: a selector on the driver's own UDP sockets, so that a dozing driver wakes as soon
 * as a datagram arrives, the way a blocking receive would, rather than at the end of a park. The driver's endpoints
 * register their sockets here as they open them ({@link DozingEndpoints}); {@link #wake} is the selector's wake-up.
 *
 * <p>Aeron's own pollers never block: they read the same non-blocking sockets with their own selector or by
 * iterating. A channel may be registered with several selectors, and this one only waits on readiness, never reads,
 * so Aeron sees every datagram as before.
 *
 * <p>Threading: {@link #doze} on the driver thread that carries the network (shared or shared-network mode), or on
 * the transport agent, which runs an invoked driver ({@link InvokedDriver});
 * {@link #register} and {@link #deregister} on the driver's conductor thread; {@link #wake} from any thread.
 */
final class SocketDoze implements Doze, AutoCloseable {
    private static final Consumer<SelectionKey> IGNORE = key -> {
    };

    private final Selector selector;

    SocketDoze() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the media driver's sockets", e);
        }
    }

    /**
     * Watches {@code channel} for datagrams, from the next doze on: in shared mode the conductor that registers is
     * the dozing thread itself; in shared-network mode a doze under way ends within {@link
     * WakeableIdleStrategy#DOZE_NS}, and the peer whose endpoint this is is still connecting.
     */
    void register(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.register(selector, SelectionKey.OP_READ);
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // The endpoint or the driver closed meanwhile: nothing to watch.
        }
    }

    /** Stops watching {@code channel}; closing a channel also ends its registration. */
    void deregister(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }

    @Override
    public int doze(long timeoutNs) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs));
        try {
            // The consuming form leaves no selected keys behind to clear.
            return selector.select(IGNORE, millis);
        } catch (IOException | ClosedSelectorException e) {
            LockSupport.parkNanos(this, timeoutNs); // closing: the driver is stopping, a plain wait is enough
            return 0;
        }
    }

    @Override
    public void wake(Thread sleeper) {
        selector.wakeup();
        LockSupport.unpark(sleeper);
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // Only file descriptors are at stake, and the process keeps running: nothing more to do.
        }
    }

    @Override
    public String toString() {
        return "SocketDoze[" + (selector.isOpen() ? "open" : "closed") + "]";
    }
}
