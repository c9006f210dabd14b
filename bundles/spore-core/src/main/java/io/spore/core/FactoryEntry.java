package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;

import java.util.Set;

/**
 * One offer of a factory under a spawn name: typically one OSGi service. Processes remember the entry that made
 * them, so withdrawing the entry finds exactly its processes.
 */
public final class FactoryEntry {
    private final Name name;
    private final ProcessFactory factory;
    private final int ranking;
    private final long serviceId;
    private final String provider;
    private final String accessProvider;
    private final Set<NodeName> spawnNodes;
    private volatile boolean withdrawn;

    FactoryEntry(Name name, ProcessFactory factory, int ranking, long serviceId, String provider) {
        this(name, factory, ranking, serviceId, provider, provider, Set.of());
    }

    FactoryEntry(Name name, ProcessFactory factory, int ranking, long serviceId, String provider,
                 String accessProvider, Set<NodeName> spawnNodes) {
        this.name = name;
        this.factory = factory;
        this.ranking = ranking;
        this.serviceId = serviceId;
        this.provider = provider;
        this.accessProvider = accessProvider;
        this.spawnNodes = spawnNodes == null ? null : Set.copyOf(spawnNodes);
    }

    /** @return the spawn name */
    public Name name() {
        return name;
    }

    ProcessFactory factory() {
        return factory;
    }

    /** @return the service ranking; higher wins */
    public int ranking() {
        return ranking;
    }

    /** @return the service id; lower wins among equal rankings */
    public long serviceId() {
        return serviceId;
    }

    /** @return who offers it, for logs and tools: a bundle's symbolic name, or "embedded" */
    public String provider() {
        return provider;
    }

    /** @return the provider as remote-spawn access shows it: a bundle's symbolic name, "api" or "embedded" */
    public String accessProvider() {
        return accessProvider;
    }

    /**
     * @return the initial remote-spawn access list ({@value ProcessFactory#SPAWN_NODES}); empty: open to all;
     *         {@code null}: disabled (the property could not be read)
     */
    public Set<NodeName> spawnNodes() {
        return spawnNodes;
    }

    boolean isWithdrawn() {
        return withdrawn;
    }

    void withdraw() {
        withdrawn = true;
    }

    /** The OSGi order: higher ranking first, then lower service id. */
    boolean outranks(FactoryEntry other) {
        return ranking != other.ranking ? ranking > other.ranking : serviceId < other.serviceId;
    }

    @Override
    public String toString() {
        return "factory '" + name + "' from " + provider + " (service " + serviceId + ", ranking " + ranking + ")";
    }
}
