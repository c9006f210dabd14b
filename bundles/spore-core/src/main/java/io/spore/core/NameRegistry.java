package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.SporeException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Registered names of local processes (Erlang's {@code register/2}, {@code whereis/1}). A process holds at most
 * one name, and a name at most one process. A registration and the holder's death are ordered by the holder's
 * lock, so a name never outlives its process.
 */
final class NameRegistry {
    private final ConcurrentHashMap<Name, Pid> names = new ConcurrentHashMap<>();
    private final Function<Pid, ProcessCell> cells;

    NameRegistry(Function<Pid, ProcessCell> cells) {
        this.cells = cells;
    }

    /**
     * @throws SporeException {@code NAME_TAKEN} naming the holder; {@code NO_PROCESS} when the process has ended;
     *                        {@code INVALID_ARGUMENT} when it already has a name
     */
    void register(Name name, ProcessContextCell cell) {
        synchronized (cell) {
            if (cell.isDead()) {
                throw new SporeException(SporeException.Reason.NO_PROCESS,
                    "cannot register '" + name + "': process " + cell.self() + " has exited");
            }
            Name current = cell.registeredNameLocked();
            if (current != null) {
                if (current.equals(name)) {
                    return;
                }
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                    "cannot register '" + name + "': process " + cell.self() + " is already registered as '"
                        + current + "'; unregister it first");
            }
            Pid holder = names.putIfAbsent(name, cell.self());
            if (holder != null) {
                throw new SporeException(SporeException.Reason.NAME_TAKEN,
                    "the name '" + name + "' is taken by " + holder + "; pick another or unregister it first");
            }
            cell.setRegisteredNameLocked(name);
        }
    }

    boolean unregister(Name name) {
        Pid pid = names.remove(name);
        if (pid == null) {
            return false;
        }
        ProcessCell cell = cells.apply(pid);
        if (cell != null) {
            synchronized (cell) {
                if (name.equals(cell.registeredNameLocked())) {
                    cell.setRegisteredNameLocked(null);
                }
            }
        }
        return true;
    }

    /** Called by a dying process with the name it held. */
    void release(Name name, Pid pid) {
        names.remove(name, pid);
    }

    Pid whereis(Name name) {
        return names.get(name);
    }

    Set<Name> names() {
        return Set.copyOf(names.keySet());
    }
}
