package io.spore.registry.member;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.registry.service.RegistryService;
import io.spore.registry.service.ServiceView;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

import java.io.File;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One member of the registry cluster, running in this JVM: an embedded media driver, an archive and a consensus
 * module (one {@link ClusteredMediaDriver}) and the registry's {@link RegistryService} in a service container, all
 * stored under {@link Context#dir()} ({@code archive/} and {@code cluster/}), so a restarted member loads its latest
 * snapshot and replays the log after it. Every agent shares one thread per component with a backoff idle strategy:
 * the machine's other processes keep their cores. {@link #close()} stops it all.
 */
public final class RegistryMember implements AutoCloseable {
    private final RegistryService service;
    private final ClusteredMediaDriver clusteredMediaDriver;
    private final ClusteredServiceContainer container;
    private final ScheduledExecutorService snapshots;
    private final int memberId;
    private final MemberAddresses addresses;

    private RegistryMember(Context context) {
        MemberAddresses addresses = context.addresses;
        int id = context.memberId;
        this.addresses = addresses;
        this.memberId = id;
        String host = addresses.host(id);
        String aeronDir = context.aeronDirectoryName;
        service = new RegistryService(context.maxEntriesPerNode);

        MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(context.idleStrategySupplier.get())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .publicationTermBufferLength(context.termLength)
            .ipcTermBufferLength(context.termLength)
            .errorHandler(context.errorHandler);
        AeronArchive.Context replicationClient = new AeronArchive.Context()
            .controlResponseChannel("aeron:udp?endpoint=" + host + ":0");
        Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(new File(context.dir, "archive"))
            .controlChannel("aeron:udp?endpoint=" + addresses.endpoint(id, 4))
            .archiveClientContext(replicationClient)
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(context.idleStrategySupplier)
            .errorHandler(context.errorHandler);
        AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archive.localControlChannel())
            .controlRequestStreamId(archive.localControlStreamId())
            .controlResponseChannel(archive.localControlChannel())
            .aeronDirectoryName(aeronDir);
        ConsensusModule.Context consensus = new ConsensusModule.Context()
            .clusterMemberId(id)
            .clusterMembers(addresses.clusterMembers())
            .clusterDir(new File(context.dir, "cluster"))
            .archiveContext(localArchive.clone())
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + context.termLength)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .sessionTimeoutNs(context.sessionTimeoutNs)
            .leaderHeartbeatTimeoutNs(context.leaderHeartbeatTimeoutNs)
            .idleStrategySupplier(context.idleStrategySupplier)
            .errorHandler(context.errorHandler);
        ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(new File(context.dir, "cluster"))
            .clusteredService(service)
            .idleStrategySupplier(context.idleStrategySupplier)
            .errorHandler(context.errorHandler);
        if (context.terminationHook != null) {
            consensus.terminationHook(context.terminationHook);
            serviceContext.terminationHook(context.terminationHook);
        }
        ClusteredMediaDriver launched = ClusteredMediaDriver.launch(driver, archive, consensus);
        try {
            container = ClusteredServiceContainer.launch(serviceContext);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(launched);
            throw e;
        }
        clusteredMediaDriver = launched;
        snapshots = context.snapshotIntervalNs > 0 ? scheduleSnapshots(context.snapshotIntervalNs) : null;
    }

    // Open-source Aeron Cluster snapshots only when asked: the leader is asked at every interval, so a restarted
    // member replays at most an interval of log after its latest snapshot. Followers ignore the toggle.
    private ScheduledExecutorService scheduleSnapshots(long intervalNs) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spore-registry-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> {
            if (role() == Cluster.Role.LEADER) {
                requestSnapshot();
            }
        }, intervalNs, intervalNs, TimeUnit.NANOSECONDS);
        return executor;
    }

    /**
     * Starts a member.
     *
     * @param context its settings, concluded here
     * @return the running member
     */
    public static RegistryMember launch(Context context) {
        return new RegistryMember(context.conclude());
    }

    /** @return this member's role, as its service last heard */
    public Cluster.Role role() {
        return service.role();
    }

    /** @return this member's id: its index in the members list */
    public int memberId() {
        return memberId;
    }

    /** @return every member's address, in member-id order */
    public MemberAddresses addresses() {
        return addresses;
    }

    /** @return the leader's member id as of the latest leadership term this member applied, -1 before one */
    public int leaderMemberId() {
        return service.leaderMemberId();
    }

    /** @return the latest leadership term id this member applied, -1 before one */
    public long leadershipTermId() {
        return service.leadershipTermId();
    }

    /** @return the log position a majority has stored: everything before it is committed */
    public long commitPosition() {
        return clusteredMediaDriver.consensusModule().context().commitPositionCounter().get();
    }

    /** @return the registry's sessions, nodes, names and groups as this member's state last held them */
    ServiceView view() {
        return service.view();
    }

    /** @return whether this member started from a snapshot */
    public boolean loadedSnapshot() {
        return service.loadedSnapshot();
    }

    /** @return how many snapshots this member has written */
    public int snapshotsTaken() {
        return service.snapshotsTaken();
    }

    /**
     * Asks the cluster for a snapshot, through this member's control toggle; only a leader acts on it.
     *
     * @return whether the toggle was set (false while another control action is in progress)
     */
    public boolean requestSnapshot() {
        return ClusterControl.ToggleState.SNAPSHOT.toggle(
            clusteredMediaDriver.consensusModule().context().controlToggleCounter());
    }

    @Override
    public void close() {
        if (snapshots != null) {
            snapshots.shutdownNow();
        }
        CloseHelper.closeAll(container, clusteredMediaDriver);
    }

    /** A member's settings; {@link #conclude()} checks them and fills defaults. */
    public static final class Context {
        private int memberId = -1;
        private MemberAddresses addresses;
        private File dir;
        private String aeronDirectoryName;
        private long sessionTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long leaderHeartbeatTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private int termLength = 1024 * 1024;
        private int maxEntriesPerNode = RegistryService.DEFAULT_MAX_ENTRIES_PER_NODE;
        private long snapshotIntervalNs = TimeUnit.MINUTES.toNanos(10);
        private Supplier<IdleStrategy> idleStrategySupplier =
            () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(1));
        private ErrorHandler errorHandler = Throwable::printStackTrace;
        private Runnable terminationHook;

        /**
         * @param memberId this member's id: its index in the members list, from 0
         * @return this
         */
        public Context memberId(int memberId) {
            this.memberId = memberId;
            return this;
        }

        /**
         * @param addresses every member's address
         * @return this
         */
        public Context addresses(MemberAddresses addresses) {
            this.addresses = addresses;
            return this;
        }

        /**
         * @param dir the folder of this member's log, archive and snapshots
         * @return this
         */
        public Context dir(File dir) {
            this.dir = dir;
            return this;
        }

        /** @return the folder of this member's log, archive and snapshots */
        public File dir() {
            return dir;
        }

        /**
         * @param aeronDirectoryName the embedded media driver's folder; default: Aeron's default folder with
         *                           {@code -registry-ID} appended
         * @return this
         */
        public Context aeronDirectoryName(String aeronDirectoryName) {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @param sessionTimeoutNs how long a node's session lives without a keepalive; then the node leaves
         * @return this
         */
        public Context sessionTimeoutNs(long sessionTimeoutNs) {
            this.sessionTimeoutNs = sessionTimeoutNs;
            return this;
        }

        /**
         * @param leaderHeartbeatTimeoutNs how long followers wait for the leader before they elect another
         * @return this
         */
        public Context leaderHeartbeatTimeoutNs(long leaderHeartbeatTimeoutNs) {
            this.leaderHeartbeatTimeoutNs = leaderHeartbeatTimeoutNs;
            return this;
        }

        /**
         * @param snapshotIntervalNs how often the leader takes a snapshot; 0 for only when asked
         *                           ({@link RegistryMember#requestSnapshot()})
         * @return this
         */
        public Context snapshotIntervalNs(long snapshotIntervalNs) {
            this.snapshotIntervalNs = snapshotIntervalNs;
            return this;
        }

        /**
         * @param maxEntriesPerNode most names and group memberships one node may hold
         * @return this
         */
        public Context maxEntriesPerNode(int maxEntriesPerNode) {
            this.maxEntriesPerNode = maxEntriesPerNode;
            return this;
        }

        /**
         * @param errorHandler where the member's agents report errors
         * @return this
         */
        public Context errorHandler(ErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * @param terminationHook run when the cluster tells this member to stop
         * @return this
         */
        public Context terminationHook(Runnable terminationHook) {
            this.terminationHook = terminationHook;
            return this;
        }

        /**
         * Checks the settings and fills defaults.
         *
         * @return this
         * @throws IllegalArgumentException when the member id, addresses or folder are missing or do not fit
         */
        public Context conclude() {
            if (addresses == null) {
                throw new IllegalArgumentException("a registry member needs the members' addresses");
            }
            if (memberId < 0 || memberId >= addresses.size()) {
                throw new IllegalArgumentException("member id " + memberId + " is not in the " + addresses.size()
                    + " members (0 to " + (addresses.size() - 1) + ")");
            }
            if (dir == null) {
                throw new IllegalArgumentException("a registry member needs a folder (--dir)");
            }
            if (sessionTimeoutNs <= 0 || leaderHeartbeatTimeoutNs <= 0 || snapshotIntervalNs < 0) {
                throw new IllegalArgumentException("the registry's timeouts must be positive");
            }
            if (aeronDirectoryName == null) {
                aeronDirectoryName = io.aeron.CommonContext.getAeronDirectoryName() + "-registry-" + memberId;
            }
            return this;
        }
    }
}
