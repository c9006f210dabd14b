package io.spore.transport.discovery;

/**
 * Told of the nodes that join and leave what a {@link NodeDiscovery} knows.
 *
 * <p>Threading: called on the provider's thread, one event at a time; it must return quickly.
 */
@FunctionalInterface
public interface MembershipListener {
    /** @param event a node that joined or left */
    void onEvent(MembershipEvent event);
}
