package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.api.cluster.ClusterMember;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link io.spore.api.Network#spawnAnywhere} spawns: on the registry's members that offer the spawn name, in
 * turn, each call starting one further along so that spawns spread over the members; a member that refuses or cannot
 * be reached is passed over for the next.
 */
final class SpawnPlacement {
    private final AtomicInteger nextStart = new AtomicInteger();

    /**
     * @param members the registry's members, from the replica
     * @param node    this node: spawns here directly, elsewhere through its network
     * @throws SporeException {@code UNKNOWN_FACTORY} when no member offers {@code factory} or every one refused,
     *                        listing each answer; the chosen member's failure otherwise
     */
    Pid spawn(List<ClusterMember> members, Node node, Name factory, ProcessOptions options, Object... args) {
        List<ClusterMember> offering = new ArrayList<>();
        for (ClusterMember member : members) {
            if (member.offers(factory)) {
                offering.add(member);
            }
        }
        if (offering.isEmpty()) {
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY, "no member of the registry offers '"
                + factory + "' (" + members.size() + " members): check the factory's bundle and its spawn name");
        }
        // one order for every caller, so the rotation spreads spawns evenly
        offering.sort(Comparator.comparing(member -> member.node().toString()));
        int start = Math.floorMod(nextStart.getAndIncrement(), offering.size());
        StringBuilder refusals = new StringBuilder();
        for (int i = 0; i < offering.size(); i++) {
            ClusterMember member = offering.get((start + i) % offering.size());
            try {
                return member.node().equals(node.name())
                    ? node.spawn(factory, options, args)
                    : node.network().getNode(member.node()).spawn(factory, options, args);
            } catch (SporeException e) {
                if (!passesOver(e.reason())) {
                    throw e;
                }
                refusals.append(refusals.length() == 0 ? "" : ", ").append(member.node()).append(' ')
                    .append(e.reason());
            }
        }
        throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY, "no member would spawn '" + factory
            + "' for node " + node.name() + ": " + refusals);
    }

    /** The answers that say "not here" rather than "it failed": another member may well take the spawn. */
    private static boolean passesOver(SporeException.Reason reason) {
        return switch (reason) {
            case NOT_ALLOWED, UNKNOWN_FACTORY, REMOTE_SPAWN_DISABLED, NODE_DOWN -> true;
            default -> false;
        };
    }
}
