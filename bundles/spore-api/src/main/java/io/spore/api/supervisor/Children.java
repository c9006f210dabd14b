package io.spore.api.supervisor;

import io.spore.api.Pid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A supervisor's children in start order, found by id and by pid. Adding, finding and removing one costs the same
 * whatever their number, so a simple one-for-one supervisor holds tens of thousands; only what walks the order
 * (stopping all, a rest-for-one restart) is linear.
 */
final class Children {
    /** In start order; a restarted child keeps its place. Children compare by identity. */
    private final LinkedHashSet<Child> ordered = new LinkedHashSet<>();
    /** Static children by id; dynamic ones share their template's id and are not here. */
    private final Map<String, Child> byId = new HashMap<>();
    /** Running children by pid. */
    private final Map<Pid, Child> byPid = new HashMap<>();
    /** Running children of {@link #ordered}. */
    private int active;
    /** Children of type supervisor. */
    private int supervisors;

    /**
     * Adds a child, running or not, last in start order.
     *
     * @param dynamic whether the child is one of a simple one-for-one supervisor, which shares its id
     */
    void add(Child child, boolean dynamic) {
        ordered.add(child);
        if (!dynamic) {
            byId.put(child.spec.id(), child);
        }
        if (child.spec.type() == ChildType.SUPERVISOR) {
            supervisors++;
        }
        if (child.pid != null) {
            byPid.put(child.pid, child);
            active++;
        }
    }

    void remove(Child child) {
        if (!ordered.remove(child)) {
            return;
        }
        child.removed = true;
        byId.remove(child.spec.id(), child);
        unbind(child);
        if (child.spec.type() == ChildType.SUPERVISOR) {
            supervisors--;
        }
    }

    /** The child, one of these, runs as {@code pid} now. */
    void bind(Child child, Pid pid) {
        unbind(child);
        child.pid = pid;
        child.incarnation++;
        byPid.put(pid, child);
        active++;
    }

    /** The child is not running any more. */
    void unbind(Child child) {
        if (child.pid != null) {
            if (byPid.remove(child.pid, child)) {
                active--;
            }
            child.pid = null;
        }
    }

    Child byId(String id) {
        return byId.get(id);
    }

    Child byPid(Pid pid) {
        return byPid.get(pid);
    }

    /** @return every child in start order, a copy */
    List<Child> inOrder() {
        return new ArrayList<>(ordered);
    }

    /** @return {@code from} and the children started after it, in start order */
    List<Child> from(Child from) {
        List<Child> rest = new ArrayList<>();
        for (Child child : ordered) {
            if (child == from || !rest.isEmpty()) {
                rest.add(child);
            }
        }
        return rest;
    }

    List<ChildInfo> infos() {
        List<ChildInfo> infos = new ArrayList<>(ordered.size());
        for (Child child : ordered) {
            infos.add(child.info());
        }
        return infos;
    }

    List<ChildStatus> statuses() {
        List<ChildStatus> statuses = new ArrayList<>(ordered.size());
        for (Child child : ordered) {
            statuses.add(child.status());
        }
        return statuses;
    }

    ChildCounts counts() {
        return new ChildCounts(ordered.size(), active, supervisors, ordered.size() - supervisors);
    }
}
