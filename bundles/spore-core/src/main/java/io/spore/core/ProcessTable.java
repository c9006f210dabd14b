package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessInfo;
import io.spore.api.SporeException;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's processes and their registered names: who enters (the {@link Spawner}), who leaves (a dying process,
 * through {@link #onExit}), and the forced ends of many at once (a withdrawn factory, the node's stop).
 *
 * <p>Threading: any thread; lookups take no lock.
 */
final class ProcessTable {
    private static final System.Logger LOG = System.getLogger(ProcessTable.class.getName());

    private final ConcurrentHashMap<Pid, ProcessCell> cells = new ConcurrentHashMap<>();
    private final NameRegistry names = new NameRegistry(cells::get);
    private final NodeServices services;

    ProcessTable(NodeServices services) {
        this.services = services;
    }

    /** @return the map itself, for the {@link LocalRouter}'s send path: one lookup, no hop through this object */
    ConcurrentHashMap<Pid, ProcessCell> cells() {
        return cells;
    }

    ProcessCell get(Pid pid) {
        return cells.get(pid);
    }

    void add(ProcessCell cell) {
        cells.put(cell.self(), cell);
    }

    /** Takes back a cell whose spawn failed before it ran; see {@link #onExit} for one that ran. */
    void remove(ProcessCell cell) {
        cells.remove(cell.self(), cell);
    }

    /** Ends {@code pid} at once, untrappably. @return whether it was a process of this node */
    boolean kill(Pid pid) {
        ProcessCell cell = cells.get(pid);
        if (cell == null) {
            return false;
        }
        cell.forceExit(ExitReason.KILLED);
        return true;
    }

    int size() {
        return cells.size();
    }

    boolean isAlive(Pid pid) {
        ProcessCell cell = cells.get(pid);
        return cell != null && !cell.isDead();
    }

    List<ProcessInfo> infos() {
        List<ProcessInfo> infos = new ArrayList<>(cells.size());
        for (ProcessCell cell : cells.values()) {
            infos.add(cell.info());
        }
        infos.sort(Comparator.comparingLong(info -> info.pid().id()));
        return infos;
    }

    Optional<ProcessInfo> info(Pid pid) {
        ProcessCell cell = cells.get(pid);
        return cell == null ? Optional.empty() : Optional.of(cell.info());
    }

    // ---- names ----

    /** @throws SporeException see {@link NameRegistry#register} */
    void register(Name name, ProcessContextCell cell) {
        names.register(Objects.requireNonNull(name, "name"), cell);
    }

    /** @throws SporeException {@code NO_PROCESS} when {@code pid} is not a process of this node */
    void register(Name name, Pid pid) {
        ProcessCell cell = cells.get(Objects.requireNonNull(pid, "pid"));
        if (cell == null) {
            throw new SporeException(SporeException.Reason.NO_PROCESS,
                "cannot register '" + name + "': no process " + pid + " on node " + services.name);
        }
        register(name, cell);
    }

    boolean unregister(Name name) {
        return names.unregister(name);
    }

    /** @return who holds {@code name}, or {@code null} */
    Pid whereis(Name name) {
        return names.whereis(name);
    }

    /** @throws SporeException {@code NO_PROCESS} when nobody holds {@code name} */
    Pid resolve(Name name) {
        Pid pid = names.whereis(Objects.requireNonNull(name, "name"));
        if (pid == null) {
            throw Failures.notRegistered(name);
        }
        return pid;
    }

    Set<Name> names() {
        return names.names();
    }

    // ---- leaving ----

    /** A process ends: its name and its entry go, under its lock (see {@link ProcessContextCell}). */
    void onExit(ProcessCell cell, Name registeredName, boolean crashed) {
        if (registeredName != null) {
            names.release(registeredName, cell.self());
        }
        // Counted before it leaves the table: whoever sees it gone then sees it counted too.
        services.counters.exited.increment();
        if (crashed) {
            services.counters.crashed.increment();
        }
        cells.remove(cell.self(), cell);
    }

    /** The factory's code is leaving: end its processes and wait (bounded) until they have. */
    void endProcessesOf(FactoryEntry entry) {
        List<ProcessCell> doomed = new ArrayList<>();
        for (ProcessCell cell : cells.values()) {
            if (cell.factoryEntry() == entry) {
                doomed.add(cell);
            }
        }
        if (doomed.isEmpty()) {
            return;
        }
        List<Pid> stuck = end(doomed, ExitReason.factoryWithdrawn(entry.name()));
        LOG.log(Level.INFO, "ended {0} process(es) of {1}", doomed.size() - stuck.size(), entry);
        if (!stuck.isEmpty()) {
            LOG.log(Level.WARNING, "{0} process(es) of {1} did not end within {2}: {3}", stuck.size(), entry,
                services.context.shutdownTimeout(), stuck);
        }
    }

    /** The node stops: every process ends with {@code SHUTDOWN}; waits (bounded) until they have. */
    void endAll() {
        List<Pid> stuck = end(new ArrayList<>(cells.values()), ExitReason.SHUTDOWN);
        if (!stuck.isEmpty()) {
            LOG.log(Level.WARNING, "{0} process(es) did not end within {1}: {2}", stuck.size(),
                services.context.shutdownTimeout(), stuck);
        }
    }

    /** @return the processes that did not end within the shutdown timeout */
    private List<Pid> end(List<ProcessCell> doomed, ExitReason reason) {
        doomed.forEach(cell -> cell.forceExit(reason));
        long deadlineNs = services.clock.nanoTime() + services.context.shutdownTimeout().toNanos();
        List<Pid> stuck = new ArrayList<>();
        for (ProcessCell cell : doomed) {
            try {
                if (!cell.awaitDeath(deadlineNs)) {
                    stuck.add(cell.self());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stuck.add(cell.self());
            }
        }
        return stuck;
    }
}
