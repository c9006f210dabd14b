package io.spore.core.spi;

import io.spore.api.Node;

/**
 * The node as the transport sees it; published as an OSGi service next to {@link Node}.
 *
 * <p>One router at a time: {@link #attach} replaces none and fails if another is attached.
 */
public interface NodeRuntime {
    /** @return the node */
    Node node();

    /**
     * Routes everything addressed to other nodes through {@code router} from now on.
     *
     * @param router the transport's router
     * @return where the transport delivers what arrives
     * @throws IllegalStateException when another router is attached
     */
    Inbound attach(RemoteRouter router);

    /**
     * Stops routing through {@code router}; remote sends are dropped again (and counted).
     *
     * @param router the router attached before
     */
    void detach(RemoteRouter router);
}
