package io.spore.transport.discovery;

import io.spore.api.NodeName;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * One way of finding nodes: static routes, a host's name service, DNS, a registry. Registered as an OSGi service of
 * this type, a provider joins the chain the transport asks when it connects to a node it has not met; the setting
 * {@code spore.discovery.order} names the providers to ask, in order.
 *
 * <p>Threading: every method may be called from any thread, at the same time; {@link #resolve} is called on the
 * transport's connector thread, never on its receive thread, and may block for a bounded time (a lookup's timeout).
 */
public interface NodeDiscovery {
    /**
     * @return the word that names this provider in {@code spore.discovery.order}: lower-case letters, digits and
     *         {@code -}, unique among the providers of a node ({@code routes}, {@code nameservice} and {@code dns} are
     *         taken)
     */
    String name();

    /**
     * Finds where {@code node} listens.
     *
     * @param node the node to reach
     * @return its UDP endpoints, best first (the transport tries them in turn, one per attempt); an endpoint may be
     *         unresolved, and is then resolved when used. Empty when this provider does not know the node, so the
     *         next provider is asked.
     * @throws io.spore.api.SporeException {@code NODE_DOWN} with a one-line reason, only when this provider's answer
     *                                     is definite (the node is known to be absent, or the place that would know
     *                                     cannot be asked): the providers after it are not asked
     */
    List<InetSocketAddress> resolve(NodeName node);

    /**
     * @return whether {@link #members()} and {@link #watch} work; {@code false} unless a provider overrides it
     */
    default boolean listsMembers() {
        return false;
    }

    /**
     * @return the nodes this provider knows now
     * @throws UnsupportedOperationException when it cannot list them ({@link #listsMembers()} is {@code false})
     * @throws io.spore.api.SporeException   {@code NODE_DOWN} when the place that knows cannot be asked
     */
    default Set<NodeName> members() {
        throw new UnsupportedOperationException("the discovery provider " + name() + " cannot list members");
    }

    /**
     * Tells {@code listener} of every node that joins or leaves from now on: first a {@code JOINED} event for each
     * node known when the watch starts, then the changes, until the watch is closed.
     *
     * @param listener called on the provider's thread, one event at a time; it must not block
     * @return the watch, to close when no longer wanted
     * @throws UnsupportedOperationException when it cannot watch ({@link #listsMembers()} is {@code false})
     */
    default MembershipWatch watch(MembershipListener listener) {
        throw new UnsupportedOperationException("the discovery provider " + name() + " cannot watch members");
    }
}
