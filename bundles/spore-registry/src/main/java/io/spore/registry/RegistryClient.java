package io.spore.registry;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.client.ClientConnection;
import io.spore.registry.member.MemberAddresses;
import io.spore.registry.sbe.ProcessOp;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node's connection to the registry cluster. {@link #connect(Context)} opens a cluster session, joins as the
 * node (its name, creation, endpoints and spawn names) and waits for the registry's whole view; from then on the
 * registry's events keep a local replica current. The node stays a member while the session lives: closing the
 * client, or a session timeout, makes it leave, and its names and group memberships go with it.
 *
 * <p>Writes ({@link #registerGlobal}, {@link #unregisterGlobal}, {@link #joinGroup}, {@link #leaveGroup},
 * {@link #processEnded}) go through the cluster's log, so they are linearizable: of several registrations of one
 * name exactly one wins, and the others get {@link RegistryStatus#NAME_TAKEN} naming the winner. They complete
 * with a {@link RegistryResult} and never exceptionally; {@link RegistryStatus#UNAVAILABLE} means no answer came
 * in time (the operation may or may not have happened; every operation may be repeated). Only this node's
 * processes (its node name and creation) may be registered. Reads ({@link #whereis}, {@link #members},
 * {@link #nodes}) answer from the local replica with no network round trip.
 *
 * <p>Thread-safe. Futures complete on the client's own thread: do not block in their callbacks.
 */
public final class RegistryClient implements AutoCloseable {
    private final ClientConnection connection;

    private RegistryClient(ClientConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects and joins.
     *
     * @param context the settings
     * @return the joined client
     * @throws IllegalArgumentException when the settings are incomplete
     * @throws IllegalStateException    when the registry cannot be reached, or does not take the node, in time
     */
    public static RegistryClient connect(Context context) {
        return open(false, context);
    }

    /**
     * Returns at once and connects on the client's own thread, trying again (with a backoff of up to 10 s) until
     * the registry answers: for a node, which must start and run whether or not its registry can be reached.
     * Until the client has joined, the replica is empty; while an attempt to connect has failed, writes complete
     * at once with {@link RegistryStatus#UNAVAILABLE} saying the registry cannot be reached. The first failure is
     * logged in one line; {@link RegistryListener#onRejoined} tells when a session is made.
     *
     * @param context the settings
     * @return the client, connecting
     * @throws IllegalArgumentException when the settings are incomplete
     */
    public static RegistryClient start(Context context) {
        return open(true, context);
    }

    private static RegistryClient open(boolean background, Context context) {
        context.conclude();
        return new RegistryClient(ClientConnection.connect(background, context.members,
            context.addresses.ingressEndpoints(), context.aeronDirectoryName, context.egressHost, context.node,
            context.listener, context.responseTimeoutNs, context.connectTimeoutNs, context.keepAliveIntervalNs));
    }

    /**
     * Announces that this node's endpoints or spawn names changed (the same name and creation); every node's replica
     * is told, and a later session joins with them.
     *
     * @param node the node as it is now
     * @return OK once the registry has it; UNAVAILABLE when it cannot be told now (a later session tells it)
     * @throws IllegalArgumentException when {@code node} is another node or incarnation than the one joined
     */
    public CompletableFuture<RegistryResult> announce(RegistryNode node) {
        return connection.announce(node);
    }

    /** @return whether the local replica holds a whole view of the registry (the client has joined at least once) */
    public boolean hasView() {
        return connection.hasView();
    }

    /**
     * Registers a global name for one of this node's processes.
     *
     * @param name the name, 1 to 255 bytes of UTF-8 without control characters
     * @param pid  the process
     * @return OK (also when the process already holds it), or NAME_TAKEN with the holder
     */
    public CompletableFuture<RegistryResult> registerGlobal(String name, Pid pid) {
        return connection.process(ProcessOp.REGISTER_NAME, name, pid);
    }

    /**
     * Releases a global name the process holds.
     *
     * @param name the name
     * @param pid  the process that holds it
     * @return OK (also when nobody holds it), or NOT_HOLDER with the holder
     */
    public CompletableFuture<RegistryResult> unregisterGlobal(String name, Pid pid) {
        return connection.process(ProcessOp.UNREGISTER_NAME, name, pid);
    }

    /**
     * Adds a process to a group.
     *
     * @param group the group
     * @param pid   the process
     * @return OK (also when it is a member already)
     */
    public CompletableFuture<RegistryResult> joinGroup(String group, Pid pid) {
        return connection.process(ProcessOp.JOIN_GROUP, group, pid);
    }

    /**
     * Removes a process from a group.
     *
     * @param group the group
     * @param pid   the process
     * @return OK (also when it was not a member)
     */
    public CompletableFuture<RegistryResult> leaveGroup(String group, Pid pid) {
        return connection.process(ProcessOp.LEAVE_GROUP, group, pid);
    }

    /**
     * Tells the registry a process ended: its names and group memberships go.
     *
     * @param pid the process
     * @return OK
     */
    public CompletableFuture<RegistryResult> processEnded(Pid pid) {
        return connection.process(ProcessOp.PROCESS_ENDED, "", pid);
    }

    /**
     * Looks a global name up in the local replica.
     *
     * @param name the name
     * @return its holder, or {@code null}
     */
    public Pid whereis(String name) {
        return connection.whereis(name);
    }

    /**
     * @param group a group
     * @return its members, from the local replica
     */
    public Set<Pid> members(String group) {
        return connection.members(group);
    }

    /**
     * @return the global names, from the local replica
     * @since 0.2.0
     */
    public Set<String> globalNames() {
        return connection.names();
    }

    /**
     * @return the groups that have members, from the local replica
     * @since 0.2.0
     */
    public Set<String> groups() {
        return connection.groups();
    }

    /** @return the joined nodes, from the local replica */
    public Map<NodeName, RegistryNode> nodes() {
        return connection.nodes();
    }

    /** @return how many changes of the registry's state the local replica has seen */
    public long viewVersion() {
        return connection.version();
    }

    /** Leaves the registry (this node's names and memberships go) and releases the client's resources. */
    @Override
    public void close() {
        connection.close();
    }

    /** A client's settings. */
    public static final class Context {
        private MemberAddresses addresses;
        private String members;
        private RegistryNode node;
        private String aeronDirectoryName;
        private String egressHost = "localhost";
        private RegistryListener listener = new RegistryListener() {
        };
        private long responseTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long keepAliveIntervalNs = TimeUnit.SECONDS.toNanos(1);

        /**
         * @param members the registry's members, {@code host:port,...} as {@code spore registry --members} has them
         * @return this
         * @throws IllegalArgumentException when the list is malformed
         */
        public Context members(String members) {
            this.addresses = MemberAddresses.parse(members);
            this.members = members;
            return this;
        }

        /**
         * @param node the node to join as
         * @return this
         */
        public Context node(RegistryNode node) {
            this.node = node;
            return this;
        }

        /**
         * @param aeronDirectoryName a running media driver's folder; by default the client embeds its own driver
         * @return this
         */
        public Context aeronDirectoryName(String aeronDirectoryName) {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @param egressHost the host or address the registry answers this client on (default {@code localhost})
         * @return this
         */
        public Context egressHost(String egressHost) {
            this.egressHost = egressHost;
            return this;
        }

        /**
         * @param listener told of nodes joining and leaving, on the client's thread
         * @return this
         */
        public Context listener(RegistryListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * @param responseTimeoutNs how long an operation waits for its answer before UNAVAILABLE
         * @return this
         */
        public Context responseTimeoutNs(long responseTimeoutNs) {
            this.responseTimeoutNs = responseTimeoutNs;
            return this;
        }

        /**
         * @param connectTimeoutNs how long connecting and joining may take
         * @return this
         */
        public Context connectTimeoutNs(long connectTimeoutNs) {
            this.connectTimeoutNs = connectTimeoutNs;
            return this;
        }

        /**
         * @param keepAliveIntervalNs how often the session is kept alive; well under the registry's session timeout
         * @return this
         */
        public Context keepAliveIntervalNs(long keepAliveIntervalNs) {
            this.keepAliveIntervalNs = keepAliveIntervalNs;
            return this;
        }

        void conclude() {
            if (addresses == null) {
                throw new IllegalArgumentException("a registry client needs the registry's members");
            }
            if (node == null) {
                throw new IllegalArgumentException("a registry client needs the node it joins as");
            }
            if (responseTimeoutNs <= 0 || connectTimeoutNs <= 0 || keepAliveIntervalNs <= 0) {
                throw new IllegalArgumentException("the registry client's timeouts must be positive");
            }
        }
    }
}
