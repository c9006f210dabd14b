package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.AvailableImageHandler;
import io.aeron.UnavailableImageHandler;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.spore.api.SporeException;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Where other nodes reach this one: the subscriptions of the control, the data and the large-message stream on the
 * node's UDP endpoint, and the port that endpoint is bound to (the one the name service advertises).
 *
 * <p>All subscriptions carry the same channel tag, unique in the driver, so they share one socket even on an
 * ephemeral port, whose number Aeron reports once the control subscription has bound it.
 *
 * <p>Threading: open and close on one thread. Each subscription must be polled by one thread at a time (Aeron's
 * rule); the frame layer gives each its own poller.
 */
public final class NodeEndpoint implements AutoCloseable {
    private final Subscription control;
    private final Subscription data;
    private final Subscription large;
    private final int port;

    private NodeEndpoint(Subscription control, Subscription data, Subscription large, int port) {
        this.control = control;
        this.data = data;
        this.large = large;
        this.port = port;
    }

    /**
     * Binds the node's UDP endpoint.
     *
     * @param aeron   the client of this node's driver
     * @param context the concluded transport settings (bind address, port, stream ids)
     * @param timeout how long to wait for the driver to report an ephemeral port
     * @return the bound endpoint
     * @throws SporeException {@code INVALID_ARGUMENT} when the address or port cannot be bound (taken, or not an
     *                        address of this host), or the driver did not report the port in time
     */
    public static NodeEndpoint open(Aeron aeron, TransportContext context, Duration timeout) {
        return open(aeron, context, timeout, image -> {
        }, image -> {
        });
    }

    /**
     * Binds the node's UDP endpoint, telling {@code available} and {@code unavailable} of every sender's image as it
     * joins and leaves either stream (on the Aeron client's conductor thread: they must only hand the news on).
     *
     * @see #open(Aeron, TransportContext, Duration)
     */
    public static NodeEndpoint open(Aeron aeron, TransportContext context, Duration timeout,
                                    AvailableImageHandler available, UnavailableImageHandler unavailable) {
        String address = context.bindAddress();
        Subscription control = null;
        Subscription data = null;
        try {
            String channel = Channels.inbound(address, context.port(), aeron.nextCorrelationId());
            control = aeron.addSubscription(channel, context.controlStreamId(), available, unavailable);
            int port = context.port() != TransportContext.EPHEMERAL_PORT
                ? context.port() : awaitPort(control, timeout);
            data = aeron.addSubscription(channel, context.dataStreamId(), available, unavailable);
            Subscription large = aeron.addSubscription(channel, context.largeStreamId(), available, unavailable);
            return new NodeEndpoint(control, data, large, port);
        } catch (RegistrationException e) {
            closeQuietly(data);
            closeQuietly(control);
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "cannot bind the UDP endpoint of "
                + context.nodeName() + " to " + Channels.endpoint(address, context.port()) + ": " + e.getMessage()
                + "; choose another port (0 picks a free one) or bind address", e);
        } catch (RuntimeException e) {
            closeQuietly(data);
            closeQuietly(control);
            throw e;
        }
    }

    private static int awaitPort(Subscription subscription, Duration timeout) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true) {
            String resolved = subscription.resolvedEndpoint();
            if (resolved != null) {
                return Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1));
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the media driver did not report"
                    + " the UDP port it bound for " + subscription.channel() + " within " + timeout);
            }
            // The driver binds on its own thread; a short park keeps this rare wait off the CPU.
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void closeQuietly(Subscription subscription) {
        if (subscription != null) {
            subscription.close();
        }
    }

    /** @return the subscription of control frames (handshakes, heartbeats, calls, signals) */
    public Subscription control() {
        return control;
    }

    /** @return the subscription of user messages */
    public Subscription data() {
        return data;
    }

    /** @return the subscription of frames above the large-message threshold, and those that follow them */
    public Subscription large() {
        return large;
    }

    /** @return the UDP port all streams arrive on */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            large.close();
            data.close();
        } finally {
            control.close();
        }
    }

    @Override
    public String toString() {
        return "NodeEndpoint[port " + port + ", control stream " + control.streamId() + ", data stream "
            + data.streamId() + ", large stream " + large.streamId() + "]";
    }
}
