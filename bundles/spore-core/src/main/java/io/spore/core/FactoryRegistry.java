package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The spawn names a node offers, fed by the OSGi whiteboard (or directly, when embedded).
 *
 * <p>Changes take a lock and publish an immutable snapshot of the winners, so the spawn path looks a name up
 * without locking. When several entries share a name the one that {@link FactoryEntry#outranks} the others wins,
 * deterministically, and the losers are logged. When an entry is removed, {@code onWithdrawn} is told so the node
 * can end the processes it made. Every offer is first announced to {@code onOffered}, which gives a name seen for
 * the first time its remote-spawn access state (see {@link SpawnAccessTable}).
 */
public final class FactoryRegistry {
    private static final System.Logger LOG = System.getLogger(FactoryRegistry.class.getName());

    private final Map<Name, List<FactoryEntry>> offers = new HashMap<>();
    private final Consumer<FactoryEntry> onWithdrawn;
    private final Consumer<FactoryEntry> onOffered;
    private volatile Map<Name, FactoryEntry> winners = Map.of();
    private volatile Set<Name> sortedNames = Set.of();
    private long nextEmbeddedServiceId = Long.MAX_VALUE / 2;

    FactoryRegistry(Consumer<FactoryEntry> onWithdrawn) {
        this(onWithdrawn, entry -> { });
    }

    FactoryRegistry(Consumer<FactoryEntry> onWithdrawn, Consumer<FactoryEntry> onOffered) {
        this.onWithdrawn = onWithdrawn;
        this.onOffered = onOffered;
    }

    /**
     * Offers {@code factory} under {@code name}.
     *
     * @param ranking   higher wins among offers of one name
     * @param serviceId lower wins among equal rankings; unique per offer
     * @param provider  who offers it, for logs
     * @return the entry, to pass to {@link #remove}
     */
    public FactoryEntry add(Name name, ProcessFactory factory, int ranking, long serviceId, String provider) {
        return add(name, factory, ranking, serviceId, provider, provider, Set.of());
    }

    /**
     * Offers {@code factory} under {@code name}, with its remote-spawn settings.
     *
     * @param accessProvider who offers it as remote-spawn access shows it (a bundle's symbolic name)
     * @param spawnNodes     the initial access list of a name seen for the first time; empty: open to all;
     *                       {@code null}: disabled for remote spawn
     * @return the entry, to pass to {@link #remove}
     */
    public FactoryEntry add(Name name, ProcessFactory factory, int ranking, long serviceId, String provider,
                            String accessProvider, Set<NodeName> spawnNodes) {
        FactoryEntry entry = new FactoryEntry(name, factory, ranking, serviceId, provider, accessProvider,
            spawnNodes);
        // Before publishing: a remote request that finds the factory also finds its access state.
        onOffered.accept(entry);
        synchronized (offers) {
            List<FactoryEntry> list = offers.computeIfAbsent(name, n -> new ArrayList<>(1));
            list.add(entry);
            list.sort((a, b) -> a.outranks(b) ? -1 : b.outranks(a) ? 1 : 0);
            publish();
            if (list.size() > 1) {
                LOG.log(Level.WARNING, "spawn name ''{0}'' is offered {1} times; using {2}; ignoring {3}",
                    name, list.size(), list.get(0), list.subList(1, list.size()));
            } else {
                LOG.log(Level.INFO, "spawn name ''{0}'' offered by {1}", name, provider);
            }
        }
        return entry;
    }

    /** Offers {@code factory} under {@code name} from embedding code, outside OSGi. */
    public FactoryEntry add(Name name, ProcessFactory factory) {
        long id;
        synchronized (offers) {
            id = nextEmbeddedServiceId++;
        }
        return add(name, factory, 0, id, "embedded");
    }

    /**
     * Withdraws an entry: if it was the winner, the next offer of the name takes over, or the name disappears.
     * The processes the entry made are then ended (see {@link ProcessTable#endProcessesOf}) before this returns.
     */
    public void remove(FactoryEntry entry) {
        entry.withdraw();
        synchronized (offers) {
            List<FactoryEntry> list = offers.get(entry.name());
            if (list == null || !list.remove(entry)) {
                return;
            }
            if (list.isEmpty()) {
                offers.remove(entry.name());
                LOG.log(Level.INFO, "spawn name ''{0}'' withdrawn ({1} went away)", entry.name(), entry.provider());
            } else {
                LOG.log(Level.WARNING, "spawn name ''{0}'': {1} went away; now using {2}",
                    entry.name(), entry.provider(), list.get(0));
            }
            publish();
        }
        onWithdrawn.accept(entry);
    }

    /** @return the winning entry for {@code name}, or {@code null}; lock-free */
    public FactoryEntry lookup(Name name) {
        return winners.get(name);
    }

    /** @return the names offered now, sorted */
    public Set<Name> names() {
        return sortedNames;
    }

    /** @return the winning entries, by name */
    public Map<Name, FactoryEntry> snapshot() {
        return winners;
    }

    private void publish() {
        Map<Name, FactoryEntry> next = new HashMap<>();
        offers.forEach((name, list) -> next.put(name, list.get(0)));
        winners = Map.copyOf(next);
        sortedNames = Collections.unmodifiableSortedSet(new TreeSet<>(next.keySet()));
    }
}
