package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.SpawnRequest;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where processes come from: a spawn by the node or by a process, here or (through {@link OutgoingSpawns}) on
 * another node, and the spawn another node asked for ({@link IncomingSpawns} admits it first). All of them make the
 * child the same way, in {@link #create}, with what {@link Inheritance} says it inherits.
 *
 * <p>Threading: any thread; the child's {@code init} runs on the spawning thread.
 */
final class Spawner {
    /** The arguments of an {@code init} given none: shared, as an empty array cannot change. */
    private static final Object[] NO_ARGS = new Object[0];
    private final NodeServices services;
    private final ProcessTable table;
    private final LocalRouter router;
    private final FactoryRegistry factories;
    private final OutgoingSpawns outgoing;
    private final ProcessHost host;
    private final AtomicLong nextProcessId = new AtomicLong();
    /**
     * What the last child spawned here and the last one requested by another node inherited, handed out again while
     * the next child inherits the same ({@link Inheritance}). Plain fields, written only when they change, so that
     * workers spawning for different parents do not write one cache line per spawn: a record's fields are final, so
     * a worker that reads another's record sees it whole, and one that reads an older record only makes a new one.
     */
    private Inheritance lastLocal;
    private Inheritance lastRequested;

    /** @param node what the children's {@code ProcessContext.node()} shows */
    Spawner(NodeServices services, ProcessTable table, LocalRouter router, RemoteRelations relations,
            RelationRequests relating, SporeNetwork network, FactoryRegistry factories, Node node) {
        this.services = services;
        this.table = table;
        this.router = router;
        this.factories = factories;
        this.outgoing = network.spawns();
        this.host = new ProcessHost(services, table, relations, relating, network, this, node);
    }

    /** @param spawner the spawning process, or {@code null} for the node */
    Pid spawnByName(ProcessContext spawner, Name register, Name factoryName, ProcessOptions options, Object[] args) {
        Objects.requireNonNull(factoryName, "factory");
        FactoryEntry entry = factories.lookup(factoryName);
        if (entry == null) {
            services.counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY, "no factory is registered as '"
                + factoryName + "' on node " + services.name + "; known: " + factories.names()
                + " (deploy a bundle that publishes it)");
        }
        return spawn(spawner, entry.factory(), entry, register, options, args);
    }

    /**
     * Spawns here: unset options take the spawner's values, or the node's; the link option links the spawner.
     *
     * @param entry the registry's entry of {@code factory}, or {@code null} for a factory given directly
     */
    Pid spawn(ProcessContext spawner, ProcessFactory factory, FactoryEntry entry, Name register,
              ProcessOptions options, Object[] args) {
        ProcessOptions opts = options == null ? ProcessOptions.DEFAULTS : options;
        Inheritance last = lastLocal;
        Inheritance inherited = Inheritance.from(spawner, opts, services, last);
        if (inherited != last) {
            lastLocal = inherited;
        }
        ProcessCell cell = create(factory, entry, register, inherited, args);
        if (opts.link() && spawner != null) {
            spawner.link(cell.self());
        }
        cell.start();
        return cell.self();
    }

    /**
     * Spawns the child another node asked for, with what the request says it inherits (already resolved by the
     * requester). The link option is not part of a remote spawn; a request of {@code remoteSpawnLink} links the
     * child to its requester here, before the child's mailbox opens, so its first exit already reaches the requester
     * (after the reply, on the same stream).
     */
    Pid spawnRequested(FactoryEntry entry, SpawnRequest request) {
        Inheritance last = lastRequested;
        Inheritance inherited = Inheritance.from(request, services, last);
        if (inherited != last) {
            lastRequested = inherited;
        }
        ProcessCell cell = create(entry.factory(), entry, request.register(), inherited,
            request.args().isEmpty() ? NO_ARGS : request.args().toArray());
        if (request.link()) {
            cell.addRemoteRelation(request.requester(), null, RelationRequests.MAX_REMOTE_RELATIONS);
            host.relations().note(request.requester().node(), cell);
        }
        cell.start();
        return cell.self();
    }

    /**
     * {@code spawner} spawns on {@code target} linked from the start (Erlang's {@code spawn_link} on another node):
     * the target links the child before it runs, and this side of the link is made when the answer comes, on the
     * spawner's own turn; the child's exit can only come after the answer, and is handled on a later turn. On this
     * node it is a local spawn with the link option.
     */
    Pid spawnLinkedOn(NodeName target, ProcessContextCell spawner, Name factory, ProcessOptions options,
                      Object[] args) {
        Objects.requireNonNull(target, "node");
        ProcessOptions given = options == null ? ProcessOptions.DEFAULTS : options;
        if (target.equals(services.name)) {
            return spawnByName(spawner, null, factory, given.withLink(true), args);
        }
        Pid child = outgoing.await(outgoing.requestConnecting(target, spawner, null, factory, given, args, true),
            given, target, factory);
        spawner.addRemoteRelation(child, null, Integer.MAX_VALUE);
        host.relations().note(target, spawner);
        if (host.network().peer(target) == null) {
            // Down between the answer and the note: nodeDown passed this spawner by, so tell it as nodeDown would.
            spawner.enqueue(new Envelope(Envelope.NODE_DOWN, null, target));
        }
        return child;
    }

    /**
     * A process spawns on {@code target}, connecting first when it is not connected, and waits for the answer;
     * on this node it is a local spawn, minus the link option, so it behaves as the remote one would.
     */
    Pid spawnOn(NodeName target, ProcessContext spawner, Name register, Name factory, ProcessOptions options,
                Object[] args) {
        Objects.requireNonNull(target, "node");
        if (target.equals(services.name)) {
            ProcessOptions local = options == null ? ProcessOptions.DEFAULTS : options.withLink(false);
            return spawnByName(spawner, register, factory, local, args);
        }
        return outgoing.await(outgoing.requestConnecting(target, spawner, register, factory, options, args, false),
            options, target, factory);
    }

    /**
     * Creates the behaviour, enters the table, registers, and runs {@code init} on this thread. The caller links
     * (when asked) and then starts the cell, which opens its mailbox.
     */
    private ProcessCell create(ProcessFactory factory, FactoryEntry entry, Name register, Inheritance inherited,
                               Object[] args) {
        router.ensureRunning();
        Objects.requireNonNull(factory, "factory");
        Object[] arguments = args == null ? NO_ARGS : args;
        ProcessBehavior behavior;
        try {
            behavior = factory.create();
        } catch (Throwable error) {
            services.counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.INIT_FAILED, origin(factory, entry)
                + " failed to create a process: " + error, error);
        }
        if (behavior == null) {
            services.counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.INIT_FAILED,
                origin(factory, entry) + " returned no behaviour (null)");
        }
        Pid pid = new Pid(services.name, nextProcessId.incrementAndGet(), services.creation);
        ProcessCell cell = new ProcessCell(host, router, pid, behavior, entry, inherited);
        table.add(cell);
        if (entry != null && entry.isWithdrawn()) {
            // Raced with the factory's withdrawal, which may have scanned the table before our add.
            table.remove(cell);
            services.counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY,
                origin(factory, entry) + " was withdrawn while spawning; try again when it is offered");
        }
        if (register != null) {
            try {
                table.register(register, cell);
            } catch (SporeException taken) {
                table.remove(cell);
                services.counters.spawnFailures.increment();
                throw taken;
            }
        }
        try {
            cell.init(arguments);
        } catch (Throwable error) {
            cell.abortInit(ExitReason.error(error));
            services.counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.INIT_FAILED,
                "process " + pid + " from " + origin(factory, entry) + " failed in init: " + error, error);
        }
        if (entry != null && entry.isWithdrawn()) {
            // The bundle stopped while init ran: its classes are leaving, so the process must not start.
            cell.abortInit(ExitReason.factoryWithdrawn(entry.name()));
            services.counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY, origin(factory, entry)
                + " was withdrawn while " + pid + " ran its init; try again when it is offered");
        }
        services.counters.spawned.increment();
        return cell;
    }

    /** Names a factory in an error message; built only on error paths, to keep spawn allocation-lean. */
    private static String origin(ProcessFactory factory, FactoryEntry entry) {
        return entry == null ? "factory " + factory.getClass().getName() : "factory '" + entry.name() + "'";
    }
}
