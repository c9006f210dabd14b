package io.spore.api;

import io.spore.api.cluster.ClusterMember;

import java.util.List;
import java.util.Optional;

/**
 * A node's view of the other nodes: remote spawn (who may spawn which factory here, and spawning on others) and the
 * remote nodes themselves (Ergo's {@code gen.Network}). Obtained with {@link Node#network()}.
 *
 * <h2>Access lists</h2>
 * Each spawn name has one of three states: <i>disabled</i> (not spawnable from other nodes), <i>open</i> (any
 * node may spawn it) or <i>listed</i> (only the nodes on its non-empty list may). The rules, exactly:
 * <ul>
 *   <li>{@code enableSpawn(name)} with no nodes: any state becomes open.</li>
 *   <li>{@code enableSpawn(name, nodes…)}: disabled or open becomes listed with those nodes; listed adds them.</li>
 *   <li>{@code disableSpawn(name)} with no nodes: any state becomes disabled (remote callers then get
 *       {@code UNKNOWN_FACTORY}; local spawn is untouched).</li>
 *   <li>{@code disableSpawn(name, nodes…)}: listed removes them, and a list that becomes empty opens the name to
 *       every node again (logged at WARN, event {@link SpawnAccessEvent.Kind#OPENED_TO_ALL}); open and disabled
 *       are unchanged.</li>
 * </ul>
 * A factory service published with {@value ProcessFactory#SPAWN_NAME} starts open, or listed with its
 * {@value ProcessFactory#SPAWN_NODES}. When it goes away the name goes away; when the same name comes back the
 * node keeps the access state it had. A change applies from the next request; requests read the state without
 * locking.
 *
 * <p>Threading: every method is safe from any thread. Listeners are called on the thread that made the change, or
 * that refused a request.
 */
public interface Network {

    /**
     * @return whether this node accepts remote spawns at all (Ergo's {@code EnableRemoteSpawn}), default true.
     *         When false every request is answered {@code REMOTE_SPAWN_DISABLED}. The flag is advertised to peers
     *         in the handshake, and a peer that saw it off refuses locally at once; peers connected before a change
     *         keep the flag they saw until they reconnect (the node enforces its current flag either way).
     */
    boolean remoteSpawnEnabled();

    /**
     * Turns remote spawn on or off for the whole node; applies from the next request.
     *
     * @param enabled false to answer every request {@code REMOTE_SPAWN_DISABLED}, true to apply the access lists
     */
    void setRemoteSpawnEnabled(boolean enabled);

    /**
     * @return the node security option {@code exposeEnvRemoteSpawn} (default false), fixed when the node started:
     *         whether spawns this node requests carry the environment to the other node
     */
    boolean exposeEnvRemoteSpawn();

    /**
     * Registers {@code factory} for remote spawn under {@code name} (unless it is registered already) and applies
     * the access-list rule above: no nodes opens it to all, nodes add to its list. A factory registered this way is
     * offered to other nodes only; {@link Node#spawn} does not see it.
     *
     * @param name    the spawn name to offer it under
     * @param factory the factory that creates the children
     * @param nodes   the nodes to add to the name's list; none to open it to every node
     * @throws SporeException {@code NAME_TAKEN} when {@code name} is enabled with a different factory object (or
     *                        published by a bundle with another one); {@code INVALID_ARGUMENT} for a null argument
     */
    void enableSpawn(Name name, ProcessFactory factory, NodeName... nodes);

    /**
     * Applies the access-list rule to a spawn name this node already knows: a factory service, or one enabled
     * before with a factory object and disabled since.
     *
     * @param name  a spawn name this node knows
     * @param nodes the nodes to add to the name's list; none to open it to every node
     * @throws SporeException {@code UNKNOWN_FACTORY} naming the known ones
     */
    void enableSpawn(Name name, NodeName... nodes);

    /**
     * With no nodes withdraws {@code name} from remote spawn entirely (local spawn is untouched); with nodes removes
     * them from its list, and a list that becomes empty opens access to all again (WARN and
     * {@link SpawnAccessEvent.Kind#OPENED_TO_ALL}).
     *
     * @param name  a spawn name this node knows
     * @param nodes the nodes to remove from the name's list; none to disable the name
     * @throws SporeException {@code UNKNOWN_FACTORY} when the name is not known, naming the known ones
     */
    void disableSpawn(Name name, NodeName... nodes);

    /**
     * @param name a spawn name
     * @return the access state of {@code name}, empty when no factory is known under it now
     */
    Optional<SpawnAccess> spawnAccess(Name name);

    /** @return the access state of every spawn name known now, sorted by name */
    List<SpawnAccess> spawnAccess();

    /**
     * Never connects and never blocks.
     *
     * @param name the other node
     * @return the remote node if a connection to it is up now (Ergo's {@code Node})
     * @throws SporeException {@code NODE_DOWN} when it is not connected; {@code INVALID_ARGUMENT} for this node's
     *                        own name
     */
    RemoteNode node(NodeName name);

    /**
     * Connects first if needed (Ergo's {@code GetNode}); blocks the caller up to 5 s for the handshake. Inside a
     * process's handler the wait uses {@link java.util.concurrent.ForkJoinPool#managedBlock}, so the worker pool
     * adds a thread meanwhile.
     *
     * @param name the other node
     * @return the remote node
     * @throws SporeException {@code NODE_DOWN} with the cause when it cannot be reached; {@code INVALID_ARGUMENT}
     *                        for this node's own name
     */
    RemoteNode getNode(NodeName name);

    /**
     * Adds a listener for access-list changes and denials (used by JMX). It is called synchronously on the thread
     * of the change or of the refused request, and must not block; an exception it throws is logged and ignored.
     *
     * @param listener the listener to add
     */
    void addSpawnAccessListener(SpawnAccessListener listener);

    /**
     * Removes a listener added before; unknown listeners are ignored.
     *
     * @param listener the listener to remove
     */
    void removeSpawnAccessListener(SpawnAccessListener listener);

    /**
     * @return the members of the cluster registry this node belongs to, this node among them, from its replica (no
     *         network round trip); membership says nothing of connections
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    List<ClusterMember> members();

    /**
     * From now on {@code subscriber} receives {@link io.spore.api.cluster.NodeJoined} and
     * {@link io.spore.api.cluster.NodeLeft}: first a {@code NodeJoined} for each member now, then the changes, until
     * it unsubscribes or ends. A change made while it subscribes may be told twice.
     *
     * @param subscriber a live process of this node
     * @throws SporeException {@code NO_PROCESS} when it is not alive; {@code INVALID_ARGUMENT} when it is another
     *                        node's; {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    void subscribeMembership(Pid subscriber);

    /**
     * Stops telling {@code subscriber} of membership changes; does nothing when it was not subscribed.
     *
     * @param subscriber the process
     * @since 1.6.0
     */
    void unsubscribeMembership(Pid subscriber);

    /**
     * Spawns {@code factory} on some member of the registry that offers it: the members offering the spawn name
     * (this node among them) are tried in turn, starting at a different one each call, and a member that refuses
     * ({@code NOT_ALLOWED}, {@code UNKNOWN_FACTORY}, {@code REMOTE_SPAWN_DISABLED}) or cannot be reached
     * ({@code NODE_DOWN}) is passed over for the next. Blocks as {@link RemoteNode#spawn} does, per member tried.
     *
     * @param factory the spawn name
     * @param options options for the new process
     * @param args    arguments for the factory; to another node they must be encodable
     * @return the new process
     * @throws SporeException {@code UNKNOWN_FACTORY} when no member offers it, or every one refused (the message
     *                        lists each member tried and its answer); {@code INIT_FAILED} and others as
     *                        {@link RemoteNode#spawn} when the chosen member failed to start it;
     *                        {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Pid spawnAnywhere(Name factory, ProcessOptions options, Object... args);
}
