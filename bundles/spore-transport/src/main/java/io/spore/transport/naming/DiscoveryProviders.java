package io.spore.transport.naming;

import io.spore.transport.discovery.NodeDiscovery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The discovery providers registered from outside the transport (OSGi services, or given by a test), by name: the
 * activator's service tracker adds and removes them, and every chain reads the current snapshot.
 *
 * <p>Thread-safe: changes are serialised; reads see an immutable snapshot, without a lock.
 */
public final class DiscoveryProviders {
    private volatile Map<String, NodeDiscovery> byName = Map.of();

    /**
     * @param providers the providers
     * @return a set holding them
     */
    public static DiscoveryProviders of(NodeDiscovery... providers) {
        DiscoveryProviders set = new DiscoveryProviders();
        for (NodeDiscovery provider : providers) {
            set.add(provider);
        }
        return set;
    }

    /**
     * @param provider a provider that arrived
     * @return whether it was added; {@code false} when another of the same name is there already (the first keeps
     *         its place until it leaves)
     */
    public synchronized boolean add(NodeDiscovery provider) {
        String name = provider.name();
        if (byName.containsKey(name)) {
            return false;
        }
        Map<String, NodeDiscovery> next = new LinkedHashMap<>(byName);
        next.put(name, provider);
        byName = Collections.unmodifiableMap(next);
        return true;
    }

    /** @param provider a provider that left; nothing happens when it is not the one registered under its name */
    public synchronized void remove(NodeDiscovery provider) {
        if (byName.get(provider.name()) != provider) {
            return;
        }
        Map<String, NodeDiscovery> next = new LinkedHashMap<>(byName);
        next.remove(provider.name());
        byName = Collections.unmodifiableMap(next);
    }

    /**
     * @param name a provider's name
     * @return the provider registered under it, or {@code null}
     */
    public NodeDiscovery get(String name) {
        return byName.get(name);
    }

    /** @return the names registered now */
    public Set<String> names() {
        return byName.keySet();
    }
}
