package io.spore.api.supervisor;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessContext;
import io.spore.api.SporeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Starts one child, linked to its supervisor: on the supervisor's node by a local spawn, or, when its spec names
 * nodes, by remote spawn on the first of them that accepts it. Nodes connected now are tried first, in the spec's
 * order, and the others after them, so a child whose node went down is restarted on the next node of its list
 * without first waiting for the dead one to time out, and goes back to an earlier node once that one is connected
 * again and the child is restarted. Own turn only; a remote spawn blocks the supervisor up to its spawn timeout.
 */
final class ChildStarter {
    private ChildStarter() {
    }

    /**
     * @return the child's pid, linked to the supervisor
     * @throws SporeException why it could not be started; for several nodes, the most preferred one's error with the
     *                        others suppressed
     */
    static Pid start(ProcessContext ctx, Child child) {
        ChildSpec spec = child.spec;
        Object[] args = spec.args().toArray();
        if (spec.nodes().isEmpty()) {
            return spec.factoryName() != null
                ? ctx.spawn(spec.factoryName(), spec.options().withLink(true), args)
                : ctx.spawn(spec.factory(), spec.options().withLink(true), args);
        }
        SporeException first = null;
        for (int index : order(ctx, spec.nodes())) {
            NodeName node = spec.nodes().get(index);
            try {
                // Linked before it runs: a child that crashes at once is seen by its own exit reason.
                Pid pid = ctx.remoteSpawnLink(node, spec.factoryName(), spec.options(), args);
                child.nodeIndex = index;
                return pid;
            } catch (SporeException refused) {
                ctx.log().warning("%s could not start on %s: %s", child, node, refused.getMessage());
                if (first == null) {
                    first = refused;
                } else {
                    first.addSuppressed(refused);
                }
            }
        }
        throw first;
    }

    /** @return the indexes of {@code nodes}: connected ones (and this node) first, each part in list order */
    private static List<Integer> order(ProcessContext ctx, List<NodeName> nodes) {
        Set<NodeName> connected = ctx.node().connectedNodes();
        NodeName self = ctx.node().name();
        List<Integer> up = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeName node = nodes.get(i);
            (node.equals(self) || connected.contains(node) ? up : unknown).add(i);
        }
        up.addAll(unknown);
        return up;
    }
}
