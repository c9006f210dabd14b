package io.spore.transport.discovery;

/**
 * A {@link NodeDiscovery#watch watch} of members, ended by {@link #close()}.
 *
 * <p>Threading: may be closed from any thread; after {@code close} returns, the listener is not called again.
 */
public interface MembershipWatch extends AutoCloseable {
    /** Stops the events; closing twice does nothing. */
    @Override
    void close();
}
