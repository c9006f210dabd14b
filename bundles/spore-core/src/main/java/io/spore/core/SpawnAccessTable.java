package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessEvent;
import io.spore.api.SpawnAccessListener;
import io.spore.api.SporeException;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Who may spawn which factory from other nodes: one access state per spawn name (see {@link io.spore.api.Network}
 * for the rules), kept as an immutable snapshot that writers replace under a lock and the spawn path reads without
 * one, so a change applies from the next request.
 *
 * <p>A name's state outlives its factory: when a bundle's factory goes away the name becomes unknown to remote
 * callers, and when the same name comes back (the bundle redeployed) it finds the state it had, never a silent
 * reset. Factories registered through the API ({@code enableSpawn} with a factory object) are held here; bundle
 * factories are looked up in the {@link FactoryRegistry}, whose winner is what a remote spawn runs.
 *
 * <p>Threading: every method is safe from any thread. Listeners are called on the changing thread under the
 * writers' lock (so they hear changes in the order they happened), or on the refusing thread for denials.
 */
final class SpawnAccessTable {
    private static final System.Logger LOG = System.getLogger(SpawnAccessTable.class.getName());
    /** The provider of factories registered with {@code enableSpawn(name, factory, ...)}. */
    static final String API_PROVIDER = "api";

    /** The access state of a name: disabled, open, or listed (a non-empty, immutable set). */
    record Rule(boolean enabled, Set<NodeName> nodes) {
        static final Rule DISABLED = new Rule(false, Set.of());
        static final Rule OPEN = new Rule(true, Set.of());

        boolean open() {
            return enabled && nodes.isEmpty();
        }

        boolean admits(NodeName node) {
            return enabled && (nodes.isEmpty() || nodes.contains(node));
        }
    }

    /** The counters of one name; shared by every version of its entry so no count is lost across changes. */
    static final class Counters {
        final LongAdder spawned = new LongAdder();
        final LongAdder denied = new LongAdder();
    }

    /** One name's state; immutable but for its counters. {@code apiFactory} is null for bundle factories. */
    record Entry(Name name, String provider, Rule rule, FactoryEntry apiFactory, Counters counters) {
        Entry with(Rule next) {
            return new Entry(name, provider, next, apiFactory, counters);
        }
    }

    /** What a request may spawn: the factory to run and the counters to bump. */
    record Grant(FactoryEntry factory, Counters counters) {
    }

    private final Function<Name, FactoryEntry> bundleFactories;
    private final List<SpawnAccessListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Map<Name, Entry> entries = Map.of();

    /** @param bundleFactories the registry's lock-free lookup of the winning factory of a name, or null */
    SpawnAccessTable(Function<Name, FactoryEntry> bundleFactories) {
        this.bundleFactories = bundleFactories;
    }

    // ---- the spawn path (lock-free) ----

    /**
     * Decides a request from {@code requester} to spawn {@code name}.
     *
     * @return the factory to run
     * @throws SporeException {@code UNKNOWN_FACTORY} (no factory, or the name is disabled) or {@code NOT_ALLOWED};
     *                        each refusal is counted, logged at WARN with the requester, and heard by listeners
     */
    Grant admit(Name name, NodeName requester) {
        Entry entry = entries.get(name);
        FactoryEntry factory = entry == null ? null : factoryOf(entry);
        if (factory == null) {
            LOG.log(Level.WARNING, "refused a remote spawn of ''{0}'' requested by {1}: no factory is offered under"
                + " that name", name, requester);
            throw unknown(name, "no factory is offered under that name");
        }
        if (entry.rule().admits(requester)) {
            return new Grant(factory, entry.counters());
        }
        entry.counters().denied.increment();
        boolean disabled = !entry.rule().enabled();
        LOG.log(Level.WARNING, "refused a remote spawn of ''{0}'' requested by {1}: {2}", name, requester,
            disabled ? "the name is disabled for remote spawn" : "not on its access list " + entry.rule().nodes());
        fire(new SpawnAccessEvent(SpawnAccessEvent.Kind.DENIED, name, Set.of(), snapshot(entry), requester));
        if (disabled) {
            throw unknown(name, "the name is disabled for remote spawn");
        }
        throw new SporeException(SporeException.Reason.NOT_ALLOWED, "node " + requester + " may not spawn '" + name
            + "': it is not on the name's access list; the target node's operator can allow it with"
            + " spore:enable-spawn " + name + " " + requester);
    }

    private FactoryEntry factoryOf(Entry entry) {
        if (entry.apiFactory() != null) {
            return entry.apiFactory();
        }
        return bundleFactories == null ? null : bundleFactories.apply(entry.name());
    }

    private SporeException unknown(Name name, String why) {
        return new SporeException(SporeException.Reason.UNKNOWN_FACTORY, "'" + name + "' cannot be spawned remotely ("
            + why + "); known spawn names: " + knownNames());
    }

    // ---- changes ----

    /**
     * A factory is offered under {@code name} (a bundle's service, or embedding code): a name seen for the first
     * time starts open, or listed with {@code initialNodes} (disabled when they are {@code null}); a name known
     * before keeps its state.
     */
    void offered(Name name, String provider, Set<NodeName> initialNodes) {
        synchronized (lock) {
            Entry current = entries.get(name);
            if (current != null) {
                if (current.apiFactory() == null && !current.provider().equals(provider)) {
                    put(new Entry(name, provider, current.rule(), null, current.counters()));
                }
                LOG.log(Level.INFO, "spawn name ''{0}'' is offered again and keeps its remote-spawn access: {1}",
                    name, describe(current.rule()));
                return;
            }
            Rule rule = initialNodes == null ? Rule.DISABLED
                : initialNodes.isEmpty() ? Rule.OPEN : new Rule(true, Set.copyOf(initialNodes));
            Entry created = new Entry(name, provider, rule, null, new Counters());
            put(created);
            LOG.log(Level.INFO, "spawn name ''{0}'' from {1}: remote spawn {2}", name, provider, describe(rule));
            fire(new SpawnAccessEvent(!rule.enabled() ? SpawnAccessEvent.Kind.DISABLED : rule.open()
                ? SpawnAccessEvent.Kind.ENABLED : SpawnAccessEvent.Kind.NODES_ADDED, name, rule.nodes(),
                snapshot(created), null));
        }
    }

    /** {@code enableSpawn(name, factory, nodes...)}: registers the factory if needed, then the rule. */
    void enable(Name name, ProcessFactory factory, NodeName... nodes) {
        synchronized (lock) {
            Entry current = entries.get(name);
            FactoryEntry bundle = bundleFactories == null ? null : bundleFactories.apply(name);
            if (current != null && current.apiFactory() != null) {
                if (current.apiFactory().factory() != factory) {
                    throw taken(name, "another factory object (" + current.apiFactory().factory().getClass().getName()
                        + ")");
                }
            } else if (bundle != null && bundle.factory() != factory) {
                throw taken(name, bundle.provider());
            } else if (bundle == null) {
                FactoryEntry api = new FactoryEntry(name, factory, 0, -1, API_PROVIDER);
                current = new Entry(name, API_PROVIDER, current == null ? Rule.DISABLED : current.rule(), api,
                    current == null ? new Counters() : current.counters());
                put(current);
            }
            if (current == null) {
                current = new Entry(name, bundle.accessProvider(), Rule.DISABLED, null, new Counters());
            }
            fire(apply(current, true, nodes));
        }
    }

    /** {@code enableSpawn(name, nodes...)} for a known name. */
    void enable(Name name, NodeName... nodes) {
        synchronized (lock) {
            fire(apply(known(name), true, nodes));
        }
    }

    /** {@code disableSpawn(name, nodes...)} for a known name. */
    void disable(Name name, NodeName... nodes) {
        synchronized (lock) {
            fire(apply(known(name), false, nodes));
        }
    }

    private Entry known(Name name) {
        Entry entry = entries.get(name);
        if (entry == null || factoryOf(entry) == null) {
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY, "no factory is known under the spawn name '"
                + name + "'; known: " + knownNames() + " (deploy a bundle that publishes it, or enable it with a"
                + " factory object)");
        }
        return entry;
    }

    /** The state machine, exactly as {@link io.spore.api.Network} states it. Called under the lock. */
    private SpawnAccessEvent apply(Entry entry, boolean enable, NodeName[] given) {
        Set<NodeName> nodes = nodeSet(given);
        Rule before = entry.rule();
        Rule after;
        SpawnAccessEvent.Kind kind;
        if (enable && nodes.isEmpty()) {
            after = Rule.OPEN;
            kind = SpawnAccessEvent.Kind.ENABLED;
        } else if (enable) {
            Set<NodeName> union = new LinkedHashSet<>(before.open() || !before.enabled() ? Set.of() : before.nodes());
            union.addAll(nodes);
            after = new Rule(true, Set.copyOf(union));
            kind = SpawnAccessEvent.Kind.NODES_ADDED;
        } else if (nodes.isEmpty()) {
            after = Rule.DISABLED;
            kind = SpawnAccessEvent.Kind.DISABLED;
        } else if (before.enabled() && !before.open()) {
            Set<NodeName> rest = new LinkedHashSet<>(before.nodes());
            rest.removeAll(nodes);
            after = rest.isEmpty() ? Rule.OPEN : new Rule(true, Set.copyOf(rest));
            kind = rest.isEmpty() ? SpawnAccessEvent.Kind.OPENED_TO_ALL : SpawnAccessEvent.Kind.NODES_REMOVED;
        } else {
            return null; // removing nodes from an open or disabled name changes nothing
        }
        Entry next = entry.with(after);
        put(next);
        if (kind == SpawnAccessEvent.Kind.OPENED_TO_ALL) {
            LOG.log(Level.WARNING, "spawn name ''{0}'': removing {1} emptied its access list, so ANY node may now"
                + " spawn it remotely; disable it (spore:disable-spawn {0}) to close it", entry.name(), nodes);
        } else {
            LOG.log(Level.INFO, "spawn name ''{0}'': remote spawn {1}", entry.name(), describe(after));
        }
        return new SpawnAccessEvent(kind, entry.name(), nodes, snapshot(next), null);
    }

    private static Set<NodeName> nodeSet(NodeName[] given) {
        if (given == null || given.length == 0) {
            return Set.of();
        }
        for (NodeName node : given) {
            if (node == null) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a node name in "
                    + Arrays.toString(given) + " is null");
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(given)));
    }

    private void put(Entry entry) {
        Map<Name, Entry> next = new HashMap<>(entries);
        next.put(entry.name(), entry);
        entries = Map.copyOf(next);
    }

    private static SporeException taken(Name name, String holder) {
        return new SporeException(SporeException.Reason.NAME_TAKEN, "the spawn name '" + name + "' is already"
            + " enabled with " + holder + "; pick another name, or disable and remove that one first");
    }

    private static String describe(Rule rule) {
        return !rule.enabled() ? "disabled" : rule.nodes().isEmpty() ? "open to all nodes"
            : "allowed for " + new TreeSet<>(rule.nodes());
    }

    // ---- reading ----

    /** @return the access state of a name whose factory is there now */
    Optional<SpawnAccess> access(Name name) {
        Entry entry = entries.get(name);
        return entry == null || factoryOf(entry) == null ? Optional.empty() : Optional.of(snapshot(entry));
    }

    /** @return the access states of every name whose factory is there now, sorted by name */
    List<SpawnAccess> access() {
        List<SpawnAccess> all = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (factoryOf(entry) != null) {
                all.add(snapshot(entry));
            }
        }
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    /** @return the spawn names other nodes can spawn now, in any state, sorted */
    Set<Name> knownNames() {
        Set<Name> names = new TreeSet<>();
        for (Entry entry : entries.values()) {
            if (factoryOf(entry) != null) {
                names.add(entry.name());
            }
        }
        return names;
    }

    private static SpawnAccess snapshot(Entry entry) {
        Rule rule = entry.rule();
        return new SpawnAccess(entry.name(), entry.provider(), rule.enabled(), rule.open(), rule.nodes(),
            entry.counters().spawned.sum(), entry.counters().denied.sum());
    }

    // ---- listeners ----

    void addListener(SpawnAccessListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(SpawnAccessListener listener) {
        listeners.remove(listener);
    }

    private void fire(SpawnAccessEvent event) {
        if (event == null) {
            return;
        }
        for (SpawnAccessListener listener : listeners) {
            try {
                listener.onSpawnAccessEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a spawn access listener failed on " + event.kind() + " of '" + event.name()
                    + "': " + e, e);
            }
        }
    }
}
