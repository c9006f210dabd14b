package io.spore.core;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.core.spi.RemoteRouter;

/**
 * Links and monitors as they are asked for: by a local process of any process, here or on another node
 * ({@link #relate}), and by a process of another node of a local one ({@code accept…}). A request that cannot be met
 * is answered at once, never left to a timeout: {@code noproc} for a target that does not exist, {@code noconnection}
 * without a transport, and, for a process that already holds {@value #MAX_REMOTE_RELATIONS} links and monitors
 * asked by other nodes, an exit or down that says so.
 *
 * <p>Threading: any thread; what it changes is guarded by each process's own lock ({@link Relations}).
 */
final class RelationRequests {
    /**
     * Links and monitors one process may hold when another node asks for one more; past it the request is answered
     * with an exit or down saying so, so that no peer can make a process hold relations without end.
     */
    static final int MAX_REMOTE_RELATIONS = 65_536;

    private final LocalRouter router;
    private final RemoteRelations relations;

    RelationRequests(LocalRouter router, RemoteRelations relations) {
        this.router = router;
        this.relations = relations;
    }

    /** What a process asks of another about their relation. */
    enum Relation { LINK, UNLINK, MONITOR, DEMONITOR }

    /**
     * Carries a relation request of local process {@code from} to {@code other}, here or on another node. A link or
     * monitor that cannot be made tells {@code from} at once, as a signal on its next turn: {@code noproc} when the
     * target does not exist, {@code noconnection} when no transport is attached.
     *
     * @param ref the monitor, for {@code MONITOR} and {@code DEMONITOR}
     */
    void relate(ProcessContextCell from, Relation relation, Pid other, Ref ref) {
        Pid self = from.self();
        if (router.isOtherNode(other)) {
            RemoteRouter remote = router.remote();
            if (remote == null) {
                refuse(from, relation, other, ref, ExitReason.NOCONNECTION);
                return;
            }
            switch (relation) {
                case LINK -> {
                    relations.note(other.node(), from);
                    remote.link(self, other);
                }
                case UNLINK -> remote.unlink(self, other);
                case MONITOR -> {
                    relations.note(other.node(), from);
                    remote.monitor(ref, self, other);
                }
                case DEMONITOR -> remote.demonitor(ref, self, other);
            }
            return;
        }
        ProcessCell target = router.localCell(other);
        boolean made = target != null && switch (relation) {
            case LINK -> target.addLink(self);
            case MONITOR -> target.addWatcher(ref, self);
            case UNLINK -> {
                target.removeLink(self);
                yield true;
            }
            case DEMONITOR -> {
                target.removeWatcher(ref);
                yield true;
            }
        };
        if (!made) {
            refuse(from, relation, other, ref, ExitReason.NOPROC);
        }
    }

    private static void refuse(ProcessContextCell from, Relation relation, Pid other, Ref ref, ExitReason reason) {
        switch (relation) {
            case LINK -> from.enqueue(new Envelope(Envelope.LINK_EXIT, other, new Exit(other, reason)));
            case MONITOR -> from.enqueue(new Envelope(Envelope.DOWN, other, new Down(ref, other, reason)));
            default -> {
                // undoing a relation with a process that is gone, or over no transport, needs no answer
            }
        }
    }

    /**
     * A remote process links itself to local {@code to}; a missing target answers with a noproc exit, one that holds
     * {@link #MAX_REMOTE_RELATIONS} links and monitors already with an exit saying so.
     */
    void acceptLink(Pid from, Pid to) {
        ExitReason refused = acceptRelation(from, to, null);
        RemoteRouter remote = router.remote();
        if (refused != null && remote != null) {
            remote.exit(to, from, refused, true);
        }
    }

    /**
     * Makes the link ({@code ref} null) or the monitor that {@code other}, a process of another node, asks of local
     * {@code target}.
     *
     * @return {@code null} when made; else the reason to answer with: noproc, or too many relations
     */
    private ExitReason acceptRelation(Pid other, Pid target, Ref ref) {
        ProcessCell cell = router.isLocal(target) ? router.localCell(target) : null;
        Boolean made = cell == null ? null : cell.addRemoteRelation(other, ref, MAX_REMOTE_RELATIONS);
        if (Boolean.TRUE.equals(made)) {
            relations.note(other.node(), cell);
            return null;
        }
        return made == null ? ExitReason.NOPROC : ExitReason.other(target + " holds " + MAX_REMOTE_RELATIONS
            + " links and monitors already; no more are taken from other nodes");
    }

    void acceptUnlink(Pid from, Pid to) {
        ProcessCell cell = router.localCell(to);
        if (cell != null) {
            cell.removeLink(from);
        }
    }

    /** A remote process monitors local {@code target}; a missing target answers with a noproc down at once. */
    void acceptMonitor(Ref ref, Pid watcher, Pid target) {
        ExitReason refused = acceptRelation(watcher, target, ref);
        RemoteRouter remote = router.remote();
        if (refused != null && remote != null) {
            remote.down(ref, watcher, target, refused);
        }
    }

    void acceptDemonitor(Ref ref, Pid target) {
        ProcessCell cell = router.localCell(target);
        if (cell != null) {
            cell.removeWatcher(ref);
        }
    }
}
