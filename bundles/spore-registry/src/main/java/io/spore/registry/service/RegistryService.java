package io.spore.registry.service;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registry as an Aeron Cluster service: the log's session events and messages go to the {@link RegistryState}
 * through a {@link CommandReader}; its responses and events go out through an {@link EgressPublisher}; snapshots
 * are written by a {@link SnapshotWriter} and loaded by a {@link SnapshotLoader}. Runs on the service container's
 * thread; what other threads read (role, leader, counts: {@link #view()}) is published through volatile fields after
 * every change, so a reader never touches the service's own maps.
 */
public final class RegistryService implements ClusteredService {
    /** Default bound on names and memberships per node. */
    public static final int DEFAULT_MAX_ENTRIES_PER_NODE = 1_000_000;
    private static final int SNAPSHOT_FRAGMENT_LIMIT = 64;

    private final int maxEntriesPerNode;
    private Cluster cluster;
    private RegistryState state;
    private CommandReader reader;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile boolean loadedSnapshot;
    private volatile int snapshotsTaken;
    private volatile int leaderMemberId = -1;
    private volatile long leadershipTermId = -1;
    private volatile int sessions;
    private volatile List<String> nodes = List.of();
    private volatile int names;
    private volatile int groups;
    private volatile long version;
    private long publishedMembershipChanges = -1;

    /**
     * Creates the service.
     *
     * @param maxEntriesPerNode most names and group memberships one node may hold
     */
    public RegistryService(int maxEntriesPerNode) {
        this.maxEntriesPerNode = maxEntriesPerNode;
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
        this.state = new RegistryState(new EgressPublisher(cluster), maxEntriesPerNode);
        this.reader = new CommandReader(state);
        if (snapshotImage != null) {
            load(snapshotImage);
            loadedSnapshot = true;
        }
        // The snapshot's sessions are back before onStart, and they open no more: count them once here.
        sessions = cluster.clientSessions().size();
        publish();
    }

    // Plain volatile writes of the state's sizes; the node list is copied only when membership changed, so the steady
    // stream of name registrations allocates nothing here.
    private void publish() {
        if (state.membershipChanges() != publishedMembershipChanges) {
            publishedMembershipChanges = state.membershipChanges();
            nodes = List.copyOf(state.nodeNames());
        }
        names = state.nameCount();
        groups = state.groupCount();
        version = state.version();
    }

    private void load(Image image) {
        SnapshotLoader loader = new SnapshotLoader(state);
        FragmentHandler handler = new FragmentAssembler(
            (buffer, offset, length, header) -> loader.onRecord(buffer, offset, length));
        IdleStrategy idle = cluster.idleStrategy();
        while (!loader.isComplete()) {
            int fragments = image.poll(handler, SNAPSHOT_FRAGMENT_LIMIT);
            if (fragments == 0 && image.isEndOfStream() && !loader.isComplete()) {
                throw new InvalidMessageException("the snapshot ended before its ViewEnd record");
            }
            idle.idle(fragments);
        }
    }

    @Override
    public void onSessionOpen(ClientSession session, long timestamp) {
        // A session is only a connection until it joins as a node (JoinNode).
        sessions++;
    }

    @Override
    public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {
        state.sessionClosed(session.id());
        sessions--;
        publish();
    }

    @Override
    public void onSessionMessage(
        ClientSession session, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
        reader.onMessage(session.id(), buffer, offset, length);
        publish();
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {
        // The registry schedules no timers: leases are the cluster's session timeouts.
    }

    @Override
    public void onTakeSnapshot(ExclusivePublication snapshotPublication) {
        IdleStrategy idle = cluster.idleStrategy();
        new SnapshotWriter().write(state, (buffer, offset, length) -> {
            idle.reset();
            long result;
            while ((result = snapshotPublication.offer(buffer, offset, length)) <= 0) {
                if (result == ExclusivePublication.CLOSED || result == ExclusivePublication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("the snapshot publication refused a record: " + result);
                }
                idle.idle();
            }
        });
        snapshotsTaken++;
    }

    @Override
    public void onRoleChange(Cluster.Role newRole) {
        role = newRole;
    }

    @Override
    public void onNewLeadershipTermEvent(long leadershipTermId, long logPosition, long timestamp,
        long termBaseLogPosition, int leaderMemberId, int logSessionId, TimeUnit timeUnit, int appVersion) {
        this.leadershipTermId = leadershipTermId;
        this.leaderMemberId = leaderMemberId;
    }

    @Override
    public void onTerminate(Cluster cluster) {
        // Nothing to release: the state lives on the heap and in the cluster's log and snapshots.
    }

    /** @return this member's role, as the cluster last told the service */
    public Cluster.Role role() {
        return role;
    }

    /** @return the leader's member id as of the latest leadership term in the log, -1 before the first */
    public int leaderMemberId() {
        return leaderMemberId;
    }

    /** @return the latest leadership term id in the log, -1 before the first */
    public long leadershipTermId() {
        return leadershipTermId;
    }

    /** @return the state's sizes as of the latest change (each field read on its own); any thread */
    public ServiceView view() {
        return new ServiceView(sessions, nodes, names, groups, version);
    }

    /** @return whether this member started from a snapshot */
    public boolean loadedSnapshot() {
        return loadedSnapshot;
    }

    /** @return how many snapshots this member's service has written */
    public int snapshotsTaken() {
        return snapshotsTaken;
    }
}
