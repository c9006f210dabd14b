package io.spore.core;

import io.spore.api.Name;
import io.spore.api.ProcessFactory;

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
    private volatile boolean withdrawn;

    FactoryEntry(Name name, ProcessFactory factory, int ranking, long serviceId, String provider) {
        this.name = name;
        this.factory = factory;
        this.ranking = ranking;
        this.serviceId = serviceId;
        this.provider = provider;
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
