package io.spore.core;

import io.spore.api.NodeName;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local processes have links, monitors or calls with each remote node, so that when the node goes each of
 * them hears it once, on its own turn, and fires what depended on it with {@code noconnection}.
 *
 * <p>Threading: any thread. A process records a node here at most once ({@link ProcessContextCell#addRemoteNode}), so
 * the set is touched once per process and node, not once per link.
 */
final class RemoteRelations {
    private final ConcurrentHashMap<NodeName, Set<ProcessContextCell>> byNode = new ConcurrentHashMap<>();

    /** Remembers that {@code cell} has a link, monitor or call with {@code node}. */
    void note(NodeName node, ProcessContextCell cell) {
        if (cell.addRemoteNode(node)) {
            // compute() is atomic with nodeDown's remove(): the cell lands in the set that nodeDown will see.
            byNode.compute(node, (key, cells) -> {
                Set<ProcessContextCell> set = cells == null ? ConcurrentHashMap.newKeySet() : cells;
                set.add(cell);
                return set;
            });
        }
    }

    /** {@code cell} has ended. */
    void forget(NodeName node, ProcessContextCell cell) {
        byNode.computeIfPresent(node, (key, cells) -> {
            cells.remove(cell);
            return cells.isEmpty() ? null : cells;
        });
    }

    /** {@code node} went down: every process with relations to it is told, on its own turn. */
    void nodeDown(NodeName node) {
        Set<ProcessContextCell> cells = byNode.remove(node);
        if (cells != null) {
            for (ProcessContextCell cell : cells) {
                cell.enqueue(new Envelope(Envelope.NODE_DOWN, null, node));
            }
        }
    }
}
