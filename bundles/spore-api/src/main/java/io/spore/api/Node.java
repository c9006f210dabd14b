package io.spore.api;

import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A Spore node: it runs processes and offers the spawn names of the factories registered with it. Inside OSGi it
 * is published as a {@code Node} service, so any bundle can spawn and send.
 *
 * <p>Threading: every method is safe to call from any thread. The blocking {@link #call} must not be used from a
 * process's handler (it would hold a worker thread); use {@link ProcessContext#call} there. Operations on a node
 * that has stopped throw {@link SporeException.Reason#NODE_STOPPED}.
 */
public interface Node {

    /** @return this node's name */
    NodeName name();

    /** @return this node's incarnation number, new at every start */
    int creation();

    /** @return the node's virtual identity: the parent of processes spawned from outside a process */
    Pid identity();

    /**
     * Spawns a process from the factory registered under {@code factory}. The factory's {@code create} and the
     * behaviour's {@code init} run on the calling thread before this returns.
     *
     * @param factory the spawn name of a factory registered with this node
     * @param options how to spawn; {@link ProcessOptions#DEFAULTS} inherits the node's settings
     * @param args    the arguments handed to the behaviour's {@code init}
     * @return the new process's pid
     * @throws SporeException {@code UNKNOWN_FACTORY} (naming the known ones), {@code INIT_FAILED} (with the cause)
     */
    Pid spawn(Name factory, ProcessOptions options, Object... args);

    /**
     * Convenience for {@code spawn(Name.of(factory), ProcessOptions.DEFAULTS, args)}.
     *
     * @param factory the spawn name as text
     * @param args    the arguments handed to the behaviour's {@code init}
     * @return the new process's pid
     * @throws SporeException {@code INVALID_NAME} when {@code factory} is not a valid name; otherwise as
     *                        {@link #spawn(Name, ProcessOptions, Object...)}
     */
    default Pid spawn(String factory, Object... args) {
        return spawn(Name.of(factory), ProcessOptions.DEFAULTS, args);
    }

    /**
     * As {@link #spawn(Name, ProcessOptions, Object...)}, and registers the new process as {@code register}
     * before it receives any message.
     *
     * @param register the name to register the new process under
     * @param factory  the spawn name of a factory registered with this node
     * @param options  how to spawn
     * @param args     the arguments handed to the behaviour's {@code init}
     * @return the new process's pid
     * @throws SporeException also {@code NAME_TAKEN}, naming the process that holds the name
     */
    Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args);

    /**
     * Spawns a process from a factory object that need not be registered; otherwise as
     * {@link #spawn(Name, ProcessOptions, Object...)}.
     *
     * @param factory the factory to create the behaviour with
     * @param options how to spawn
     * @param args    the arguments handed to the behaviour's {@code init}
     * @return the new process's pid
     * @throws SporeException {@code INIT_FAILED} (with the cause)
     */
    Pid spawn(ProcessFactory factory, ProcessOptions options, Object... args);

    /**
     * Sends {@code message} to {@code to}; the sender is this node's identity. Never blocks. A message to a
     * process that no longer exists is dropped and counted in {@link NodeStats#messagesDropped()}.
     *
     * @param to      the receiving process, on this node or another
     * @param message the message; to another node it must be encodable
     */
    void send(Pid to, Object message);

    /**
     * Sends {@code message} to {@code to} with {@code options}.
     *
     * @param to      the receiving process, on this node or another
     * @param message the message; to another node it must be encodable
     * @param options how to send; {@link SendOptions#DEFAULTS} is a plain send
     * @throws SporeException {@code NO_PROCESS} when the options ask for {@linkplain SendOptions#important()
     *                        important} delivery and {@code to} does not exist
     */
    void send(Pid to, Object message, SendOptions options);

    /**
     * Sends {@code message} to the process registered as {@code name}.
     *
     * @param name    a name registered on this node
     * @param message the message
     * @throws SporeException {@code NO_PROCESS} when no process has that name
     */
    void send(Name name, Object message);

    /**
     * Sends {@code message} to the process registered as {@code name} on {@code node}, with the same semantics
     * as a local send (Factor's remote process by name). When {@code node} is this node it is a local send; a
     * name that is not registered on a remote node drops the message there, and counts it.
     *
     * @param name    the name the receiver is registered under on {@code node}
     * @param node    the node to send to, this one or another
     * @param message the message; to another node it must be encodable
     * @throws SporeException {@code NO_PROCESS} when {@code node} is this node and no process has that name
     */
    void send(Name name, NodeName node, Object message);

    /**
     * Calls {@code to} and waits for its reply. Not for use inside a process's handler.
     *
     * @param to      the process to call
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws SporeException {@code TIMEOUT}, {@code NO_PROCESS}, {@code CALL_FAILED}, {@code NOT_SUPPORTED}
     */
    Object call(Pid to, Object request, Duration timeout);

    /**
     * As {@link #call(Pid, Object, Duration)}, to a registered name.
     *
     * @param to      a name registered on this node
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws SporeException as {@link #call(Pid, Object, Duration)}; {@code NO_PROCESS} also when no process has
     *                        the name
     */
    Object call(Name to, Object request, Duration timeout);

    /**
     * As {@link #call(Pid, Object, Duration)}, to the process registered as {@code name} on {@code node}.
     *
     * @param name    the name the callee is registered under on {@code node}
     * @param node    the node to call, this one or another
     * @param request the request, not {@code null}; to another node it must be encodable
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws SporeException also {@code NODE_DOWN} when {@code node} cannot be reached or goes down while waiting
     */
    Object call(Name name, NodeName node, Object request, Duration timeout);

    /**
     * Calls {@code to} without blocking; the future completes with the reply or a {@link SporeException}.
     * Completion runs on a node thread: keep dependent actions short.
     *
     * @param to      the process to call
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply before the future fails with {@code TIMEOUT}
     * @return the pending reply; it fails with the reasons {@link #call(Pid, Object, Duration)} throws
     */
    CompletableFuture<Object> callAsync(Pid to, Object request, Duration timeout);

    /**
     * Registers {@code pid} as {@code name}.
     *
     * @param name the name, free on this node
     * @param pid  a live process of this node
     * @throws SporeException {@code NAME_TAKEN} naming the holder, {@code NO_PROCESS} when {@code pid} is not alive
     */
    void register(Name name, Pid pid);

    /**
     * Removes a registration; the process keeps running.
     *
     * @param name the registered name
     * @return whether the name was registered
     */
    boolean unregister(Name name);

    /**
     * @param name a name
     * @return the process registered as {@code name}, empty when none is
     */
    Optional<Pid> whereis(Name name);

    /** @return every registered name */
    Set<Name> registeredNames();

    /**
     * Ends {@code pid} with {@link ExitReason#KILLED}, which it cannot trap.
     *
     * @param pid a process of this node
     * @return whether it was alive
     */
    boolean kill(Pid pid);

    /**
     * Sends an exit signal with {@code reason} to {@code pid}, from this node's identity: as
     * {@link ProcessContext#exit(Pid, ExitReason)}, it ends the process unless it traps exits.
     *
     * @param pid    the process to signal
     * @param reason the exit reason it receives
     */
    void exit(Pid pid, ExitReason reason);

    /**
     * Waits until {@code node} has taken everything this node sent it before this call (messages, signals, calls,
     * replies), in order: one round trip that follows what was sent on every stream. Once it returns, the other
     * node has read all of it and handed it on (a message is in its target's mailbox, or dropped there when the
     * target does not exist, as in Erlang). For a short-lived client that sends and leaves, and for a sender that
     * must know before it goes on. Meanwhile lost datagrams are sent again, so over a lossy link it may take several
     * round trips. Not for use inside a process's handler.
     *
     * @param node    the other node
     * @param timeout how long to wait, a connection still being made included
     * @throws SporeException {@code NODE_DOWN} when nothing of it left this node (the connection that held it never
     *                        came up, or none may be made now); {@code NOT_CONFIRMED} when some of it may have left
     *                        but {@code node} went down or did not acknowledge within {@code timeout}: delivery
     *                        unknown; {@code INVALID_ARGUMENT} for this node's own name or a timeout that is not
     *                        positive; {@code NOT_SUPPORTED} from a node that cannot tell (the default). Since 1.3.0.
     */
    default void awaitDelivery(NodeName node, Duration timeout) {
        throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "node " + name() + " cannot confirm what it"
            + " sent to " + node);
    }

    /** @return the nodes connected now (handshake completed), sorted */
    Set<NodeName> connectedNodes();

    // ---- The cluster registry (see io.spore.api.cluster); each fails REGISTRY_UNAVAILABLE without one ----

    /**
     * Registers {@code pid} under a global name, unique across the cluster (Erlang's {@code global:register_name}):
     * of several registrations of one name exactly one wins. Blocks until the registry has decided (inside a
     * handler, through {@link java.util.concurrent.ForkJoinPool#managedBlock}). The name goes when the process ends,
     * when it is unregistered, or when this node leaves the registry.
     *
     * @param name the name
     * @param pid  a live process of this node
     * @throws SporeException {@code NAME_TAKEN} naming the holder; {@code NO_PROCESS} when {@code pid} is not alive;
     *                        {@code INVALID_ARGUMENT} when it is another node's; {@code REGISTRY_UNAVAILABLE} saying
     *                        why (no registry, or no majority of it reachable): then it may or may not be registered,
     *                        and registering again is safe
     * @since 1.6.0
     */
    void registerGlobal(GlobalName name, Pid pid);

    /**
     * Releases a global name held by a process of this node; the process keeps running.
     *
     * @param name the name
     * @return whether a process of this node held it
     * @throws SporeException {@code INVALID_ARGUMENT} when another node's process holds it;
     *                        {@code REGISTRY_UNAVAILABLE} as {@link #registerGlobal}
     * @since 1.6.0
     */
    boolean unregisterGlobal(GlobalName name);

    /**
     * Looks a global name up in this node's replica of the registry: no network round trip, no blocking.
     *
     * @param name the name
     * @return its holder, on any node; empty when nobody holds it
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Optional<Pid> whereisGlobal(GlobalName name);

    /**
     * @return every global name in this node's replica of the registry
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Set<GlobalName> globalNames();

    /**
     * Sends {@code message} to the holder of a global name, on whichever node it runs, with the semantics of a send
     * to its pid. The name is looked up in this node's replica.
     *
     * @param name    the global name
     * @param message the message; to another node it must be encodable
     * @throws SporeException {@code NO_PROCESS} when nobody holds the name; {@code REGISTRY_UNAVAILABLE} when this
     *                        node has no registry
     * @since 1.6.0
     */
    void send(GlobalName name, Object message);

    /**
     * As {@link #call(Pid, Object, Duration)}, to the holder of a global name.
     *
     * @param name    the global name
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws SporeException as {@link #call(Pid, Object, Duration)}; {@code NO_PROCESS} also when nobody holds the
     *                        name; {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Object call(GlobalName name, Object request, Duration timeout);

    /**
     * Adds a process of this node to a group (Erlang's {@code pg:join}); blocks until the registry has applied it.
     * The membership goes when the process ends, leaves, or this node leaves the registry.
     *
     * @param group the group
     * @param pid   a live process of this node
     * @throws SporeException {@code NO_PROCESS}, {@code INVALID_ARGUMENT} and {@code REGISTRY_UNAVAILABLE} as
     *                        {@link #registerGlobal}
     * @since 1.6.0
     */
    void joinGroup(GroupName group, Pid pid);

    /**
     * Removes a process of this node from a group; blocks until the registry has applied it.
     *
     * @param group the group
     * @param pid   a process of this node
     * @throws SporeException {@code INVALID_ARGUMENT} and {@code REGISTRY_UNAVAILABLE} as {@link #registerGlobal}
     * @since 1.6.0
     */
    void leaveGroup(GroupName group, Pid pid);

    /**
     * @param group a group
     * @return its members on every node, from this node's replica (Erlang's {@code pg:get_members})
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Set<Pid> groupMembers(GroupName group);

    /**
     * @param group a group
     * @return its members on this node (Erlang's {@code pg:get_local_members})
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Set<Pid> localGroupMembers(GroupName group);

    /**
     * @return the groups that have members, from this node's replica (Erlang's {@code pg:which_groups})
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    Set<GroupName> groups();

    /**
     * From now on {@code subscriber} receives {@link io.spore.api.cluster.GroupJoined} and
     * {@link io.spore.api.cluster.GroupLeft} for {@code group}: first a {@code GroupJoined} for each member now, then
     * the changes (Erlang's {@code pg:monitor}), until it unsubscribes or ends. A change made while it subscribes may
     * be told twice.
     *
     * @param group      the group
     * @param subscriber a live process of this node
     * @throws SporeException {@code NO_PROCESS} when it is not alive; {@code INVALID_ARGUMENT} when it is another
     *                        node's; {@code REGISTRY_UNAVAILABLE} when this node has no registry
     * @since 1.6.0
     */
    void subscribeGroup(GroupName group, Pid subscriber);

    /**
     * Stops telling {@code subscriber} of {@code group}'s changes; does nothing when it was not subscribed.
     *
     * @param group      the group
     * @param subscriber the process
     * @since 1.6.0
     */
    void unsubscribeGroup(GroupName group, Pid subscriber);

    /**
     * @param pid any pid
     * @return whether {@code pid} is a live process of this node
     */
    boolean isAlive(Pid pid);

    /** @return the spawn names offered now, sorted */
    Set<Name> factories();

    /** @return a snapshot of the live processes, in pid order */
    List<ProcessInfo> processes();

    /**
     * @param pid a process of this node
     * @return a snapshot of that process, empty when it is not alive
     */
    Optional<ProcessInfo> processInfo(Pid pid);

    /** @return the node's counters */
    NodeStats stats();

    /**
     * @return this node's network: remote spawn (access lists, the node-wide flag) and the other nodes
     */
    Network network();

    /**
     * Tells {@code listener} of every restart and every exceeded restart intensity of this node's supervisors from
     * now on (what JMX turns into notifications). Since 1.5.0.
     *
     * @param listener the listener to add
     * @throws SporeException {@code NOT_SUPPORTED} from a node that has no supervisors' reports (the default)
     */
    default void addSupervisionListener(SupervisionListener listener) {
        throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "node " + name() + " does not report what its"
            + " supervisors do");
    }

    /**
     * Stops telling {@code listener}; unknown listeners are ignored. Since 1.5.0.
     *
     * @param listener the listener to remove
     */
    default void removeSupervisionListener(SupervisionListener listener) {
    }

    /**
     * Hands {@code event} to this node's supervision listeners, on the calling thread: what supervisors
     * ({@link io.spore.api.supervisor.Supervisors}) call when they restart a child or give up. Never blocks, never
     * throws. Since 1.5.0.
     *
     * @param event what a supervisor of this node did
     */
    default void reportSupervision(SupervisionEvent event) {
    }
}
