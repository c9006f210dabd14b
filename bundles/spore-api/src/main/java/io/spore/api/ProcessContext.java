package io.spore.api;

import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;

import java.time.Duration;
import java.util.Map;

/**
 * A process's view of the runtime, handed to every {@link ProcessBehavior} method.
 *
 * <p>Threading: use it only from the process's own handlers (and the {@link ReplyHandler}s they register).
 * Methods that change the process ({@code link}, {@code monitor}, {@code call}, {@code exit}, {@code trapExits})
 * throw {@link SporeException.Reason#WRONG_THREAD} when used from another thread. Sending never blocks.
 */
public interface ProcessContext {
    /** Returned by {@link ProcessBehavior#handleCall} to answer later with {@link #reply(Caller, Object)}. */
    Object NO_REPLY = new Object() {
        @Override
        public String toString() {
            return "NO_REPLY";
        }
    };

    /** @return this process's pid */
    Pid self();

    /** @return the process that spawned this one, or the spawning node's identity */
    Pid parent();

    /** @return this process's leader (group leader or supervisor), inherited from the parent unless set */
    Pid leader();

    /** @return the application this process belongs to, or {@code null} */
    String application();

    /** @return this process's log level */
    LogLevel logLevel();

    /**
     * Changes this process's log level; children spawned afterwards inherit the new one.
     *
     * @param level the new level
     */
    void setLogLevel(LogLevel level);

    /** @return this process's environment, read-only */
    Map<String, Object> env();

    /**
     * @param key the entry's key
     * @return one environment entry, or {@code null} when there is none
     */
    default Object env(String key) {
        return env().get(key);
    }

    /**
     * Sets one environment entry of this process; children spawned afterwards inherit it.
     *
     * @param key   the entry's key
     * @param value its value
     */
    void setEnv(String key, Object value);

    /** @return this process's registered name, or {@code null} */
    Name registeredName();

    /** @return the spawn name of the factory that created this process, or {@code null} */
    Name factory();

    /** @return the node this process runs on */
    Node node();

    /** @return this process's log, filtered by its level and tagged with its pid */
    ProcessLogger log();

    /**
     * Sends {@code message} to {@code to}. Never blocks. A message to a process that no longer exists is dropped
     * and counted (Erlang's semantics).
     *
     * @param to      the receiving process, on this node or another
     * @param message the message; to another node it must be encodable
     */
    void send(Pid to, Object message);

    /**
     * Sends {@code message} to {@code to} with {@code options}; never blocks, except that an important send to
     * another node waits for its confirmation (see {@link SendOptions}).
     *
     * @param to      the receiving process, on this node or another
     * @param message the message; to another node it must be encodable
     * @param options how to send; {@link SendOptions#DEFAULTS} is a plain send
     * @throws SporeException {@code NO_PROCESS} when the options ask for important delivery and {@code to} does
     *                        not exist
     */
    void send(Pid to, Object message, SendOptions options);

    /**
     * Sends {@code message} to the process registered as {@code name} on this node.
     *
     * @param name    a name registered on this node
     * @param message the message
     * @throws SporeException {@link SporeException.Reason#NO_PROCESS} when no process has that name
     */
    void send(Name name, Object message);

    /**
     * Sends {@code message} to the process registered as {@code name} on {@code node} (this node or another);
     * never blocks.
     *
     * @param name    the name the receiver is registered under on {@code node}
     * @param node    the node to send to
     * @param message the message; to another node it must be encodable
     */
    void send(Name name, NodeName node, Object message);

    /**
     * Calls {@code to} and hands the outcome to {@code handler} on this process's own turn, never blocking the
     * worker thread. Returns at once.
     *
     * @param to      the process to call
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply before {@code handler.onError} gets
     *                {@link SporeException.Reason#TIMEOUT}
     * @param handler receives the reply or the error
     * @return the reference of this call
     */
    Ref call(Pid to, Object request, Duration timeout, ReplyHandler handler);

    /**
     * As {@link #call(Pid, Object, Duration, ReplyHandler)}, to a registered name on this node.
     *
     * @param to      a name registered on this node
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply before {@code handler.onError} gets
     *                {@link SporeException.Reason#TIMEOUT}
     * @param handler receives the reply or the error
     * @return the reference of this call
     */
    Ref call(Name to, Object request, Duration timeout, ReplyHandler handler);

    /**
     * As {@link #call(Pid, Object, Duration, ReplyHandler)}, to the process registered as {@code name} on
     * {@code node}; a node that cannot be reached or goes down gives {@link SporeException.Reason#NODE_DOWN}.
     *
     * @param name    the name the callee is registered under on {@code node}
     * @param node    the node to call, this one or another
     * @param request the request, not {@code null}; to another node it must be encodable
     * @param timeout how long to wait for the reply before {@code handler.onError} gets
     *                {@link SporeException.Reason#TIMEOUT}
     * @param handler receives the reply or the error
     * @return the reference of this call
     */
    Ref call(Name name, NodeName node, Object request, Duration timeout, ReplyHandler handler);

    /**
     * Answers a call whose {@code handleCall} returned {@link #NO_REPLY}. Late or second replies are dropped.
     *
     * @param caller the caller {@code handleCall} was given
     * @param reply  the answer
     */
    void reply(Caller caller, Object reply);

    /**
     * Spawns a process from the factory registered under {@code factory}, with this process as parent.
     * {@link ProcessOptions#link()} links it to this process.
     *
     * @param factory the spawn name of a factory registered with this node
     * @param options how to spawn; what they leave unset is inherited from this process
     * @param args    the arguments handed to the child's {@code init}
     * @return the child's pid, after its {@code init} returned
     * @throws SporeException {@code UNKNOWN_FACTORY}, {@code INIT_FAILED}
     */
    Pid spawn(Name factory, ProcessOptions options, Object... args);

    /**
     * As {@link #spawn(Name, ProcessOptions, Object...)}, and registers the child as {@code register}.
     *
     * @param register the name to register the child under
     * @param factory  the spawn name of a factory registered with this node
     * @param options  how to spawn
     * @param args     the arguments handed to the child's {@code init}
     * @return the child's pid, after its {@code init} returned
     * @throws SporeException also {@code NAME_TAKEN}
     */
    Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args);

    /**
     * Spawns a process from a factory object that need not be registered; otherwise as
     * {@link #spawn(Name, ProcessOptions, Object...)}.
     *
     * @param factory the factory to create the child's behaviour with
     * @param options how to spawn
     * @param args    the arguments handed to the child's {@code init}
     * @return the child's pid, after its {@code init} returned
     * @throws SporeException {@code INIT_FAILED}
     */
    Pid spawn(ProcessFactory factory, ProcessOptions options, Object... args);

    /**
     * Spawns a process on {@code node} from the factory it offers under {@code factory}, connecting first if
     * needed (Ergo's {@code RemoteSpawn}). The child has this process as parent and inherits its leader,
     * application and log level (unless {@code options} set them), and its environment (this process's, with the
     * options' entries over it) only when this node exposes it ({@link Network#exposeEnvRemoteSpawn()}); every
     * value sent must be encodable. {@link ProcessOptions#link()} is ignored for remote spawns: monitor the child
     * if you need to know when it ends. When {@code node} is this node, it is a local spawn.
     *
     * <p>Blocks this process up to the timeout ({@link ProcessOptions#spawnTimeout()}, default 5 s) with
     * {@link java.util.concurrent.ForkJoinPool#managedBlock}, so the worker pool adds a thread meanwhile and other
     * processes keep running.
     *
     * @param node    the node to spawn on
     * @param factory the spawn name of a factory that node offers
     * @param options how to spawn
     * @param args    the arguments handed to the child's {@code init}; each must be encodable
     * @return the child's pid, after its {@code init} returned on {@code node}
     * @throws SporeException {@code NOT_ALLOWED}, {@code UNKNOWN_FACTORY}, {@code NAME_TAKEN},
     *                        {@code REMOTE_SPAWN_DISABLED}, {@code INIT_FAILED} (with the init error's message),
     *                        {@code TIMEOUT}, {@code NODE_DOWN}, {@code UNENCODABLE} (naming the key and type)
     */
    Pid remoteSpawn(NodeName node, Name factory, ProcessOptions options, Object... args);

    /**
     * As {@link #remoteSpawn}, and registers the child under {@code register} on {@code node}.
     *
     * @param node     the node to spawn on
     * @param factory  the spawn name of a factory that node offers
     * @param register the name to register the child under on {@code node}
     * @param options  how to spawn
     * @param args     the arguments handed to the child's {@code init}; each must be encodable
     * @return the child's pid, after its {@code init} returned on {@code node}
     * @throws SporeException also {@code NAME_TAKEN}, naming the holder
     */
    Pid remoteSpawnRegister(NodeName node, Name factory, Name register, ProcessOptions options, Object... args);

    /**
     * As {@link #remoteSpawn}, with the child linked to this process from its start (Erlang's {@code spawn_link} on
     * another node): {@code node} links the child before its {@code init} runs, and this side of the link is made
     * when the answer comes, so an exit of the child, however soon after its start, reaches this process as any
     * linked exit does (and never as the {@code noproc} of a link asked for too late). On this node it is a local
     * spawn with {@link ProcessOptions#withLink}. The option {@link ProcessOptions#link()} itself stays ignored by
     * {@link #remoteSpawn}.
     *
     * @param node    the node to spawn on
     * @param factory the spawn name of a factory that node offers
     * @param options how to spawn
     * @param args    the arguments handed to the child's {@code init}; each must be encodable
     * @return the child's pid, linked to this process
     * @throws SporeException as {@link #remoteSpawn}
     * @since 1.6.0
     */
    Pid remoteSpawnLink(NodeName node, Name factory, ProcessOptions options, Object... args);

    /**
     * Links this process with {@code other}: when one ends abnormally the other receives an exit signal. A link
     * to a process that does not exist delivers an exit signal with {@link ExitReason#NOPROC} at once.
     *
     * @param other the process to link with, on this node or another
     */
    void link(Pid other);

    /**
     * Removes a link; no exit signal travels over it afterwards.
     *
     * @param other the process linked with
     */
    void unlink(Pid other);

    /**
     * Monitors {@code other}: when it ends, this process receives one {@link Down} message.
     *
     * @param other the process to monitor, on this node or another
     * @return the reference that identifies the monitor
     */
    Ref monitor(Pid other);

    /**
     * Removes a monitor; no {@link Down} arrives for it afterwards.
     *
     * @param monitor the reference {@link #monitor(Pid)} returned
     */
    void demonitor(Ref monitor);

    /**
     * Whether this process receives a {@link NodeUp} or {@link NodeDown} message whenever a connection to another
     * node comes up or goes down (Erlang's {@code net_kernel:monitor_nodes/1}). Off by default; ends with the
     * process.
     *
     * @param monitor true to receive the messages from now on, false to stop
     */
    void monitorNodes(boolean monitor);

    /**
     * Whether exit signals from linked processes arrive as {@link Exit} messages instead of ending this one.
     * {@link ExitReason#KILLED} ends the process either way.
     *
     * @param trap true to trap exits from now on, false to stop
     */
    void trapExits(boolean trap);

    /**
     * Ends this process with {@code reason} once the current handler returns.
     *
     * @param reason the exit reason its links and monitors see
     */
    void exit(ExitReason reason);

    /**
     * Sends an exit signal to {@code other}: it ends with {@code reason} unless it traps exits (then it receives
     * an {@link Exit}); {@link ExitReason#KILLED} cannot be trapped; a normal reason is ignored by non-trappers.
     *
     * @param other  the process to signal, on this node or another
     * @param reason the exit reason it receives
     */
    void exit(Pid other, ExitReason reason);

    /**
     * Registers this process as {@code name}.
     *
     * @param name the name, free on this node
     * @throws SporeException {@code NAME_TAKEN} naming the holder
     */
    void register(Name name);

    /**
     * Sends {@code message} to {@code to} after {@code delay}, from this process (Erlang's
     * {@code erlang:send_after/3}): it is sent then as {@link #send(Pid, Object)} would, so a target that has ended
     * meanwhile loses it. The timer belongs to this process and is cancelled when it ends. One timer service per
     * node keeps every timer on a timing wheel: a pending timer costs its own small object and no thread.
     *
     * @param to      the receiver, on this node or another
     * @param message what to send
     * @param delay   how long to wait, from now; fires within about a millisecond of it
     * @return the timer's reference, for {@link #cancelTimer(Ref)}
     * @throws SporeException {@code INVALID_ARGUMENT} for a negative delay
     * @since 1.4.0
     */
    Ref sendAfter(Pid to, Object message, Duration delay);

    /**
     * Sends {@code message} to {@code to} every {@code period}, the first time one period from now, until the timer
     * is cancelled or this process ends. A period is counted from the previous deadline, not from when the
     * message was sent, so periodic messages do not drift.
     *
     * @param to      the receiver, on this node or another
     * @param message what to send each time
     * @param period  the time between sends; at least one millisecond
     * @return the timer's reference, for {@link #cancelTimer(Ref)}
     * @throws SporeException {@code INVALID_ARGUMENT} for a period under one millisecond
     * @since 1.4.0
     */
    Ref sendEvery(Pid to, Object message, Duration period);

    /**
     * Cancels a timer of this process.
     *
     * @param timer what {@link #sendAfter} or {@link #sendEvery} returned
     * @return {@code true} when it had not fired and now never will (a periodic timer: sends no more; one send
     *         may already be on its way); {@code false} when it had fired, was cancelled before, or is not a timer
     *         of this process
     * @since 1.4.0
     */
    boolean cancelTimer(Ref timer);

    /**
     * Asks for a {@link ReceiveTimeout} message if nothing else arrives within {@code timeout} (the timeout of
     * Erlang's {@code gen_server}): any message, call, reply or signal handled first ends the wait. Set it again
     * from the handler to keep waiting with a timeout; a later call replaces an earlier one.
     *
     * @param timeout how long to wait; {@code null} or zero cancels the wait
     * @throws SporeException {@code INVALID_ARGUMENT} for a negative timeout
     * @since 1.4.0
     */
    void receiveTimeout(Duration timeout);

    // ---- The cluster registry (see io.spore.api.cluster): this process's side of Node's methods ----

    /**
     * Registers this process under a global name; as {@link Node#registerGlobal} with {@link #self()}.
     *
     * @param name the name
     * @throws SporeException as {@link Node#registerGlobal}
     * @since 1.6.0
     */
    default void registerGlobal(GlobalName name) {
        node().registerGlobal(name, self());
    }

    /**
     * Sends {@code message} to the holder of a global name, from this process; looked up in this node's replica of
     * the registry, then sent as to its pid.
     *
     * @param name    the global name
     * @param message the message
     * @throws SporeException {@code NO_PROCESS} when nobody holds it; {@code REGISTRY_UNAVAILABLE} without a
     *                        registry
     * @since 1.6.0
     */
    default void send(GlobalName name, Object message) {
        send(globalHolder(name), message);
    }

    /**
     * Calls the holder of a global name without blocking; as {@link #call(Pid, Object, Duration, ReplyHandler)}.
     *
     * @param name    the global name
     * @param request the request, not {@code null}
     * @param timeout how long to wait for the reply
     * @param handler receives the reply or the failure, on this process's turn
     * @return the call's ref
     * @throws SporeException {@code NO_PROCESS} when nobody holds it; {@code REGISTRY_UNAVAILABLE} without a
     *                        registry
     * @since 1.6.0
     */
    default Ref call(GlobalName name, Object request, Duration timeout, ReplyHandler handler) {
        return call(globalHolder(name), request, timeout, handler);
    }

    /**
     * @param name a global name
     * @return its holder, from this node's replica of the registry
     * @throws SporeException {@code NO_PROCESS} when nobody holds it; {@code REGISTRY_UNAVAILABLE} without a
     *                        registry
     * @since 1.6.0
     */
    private Pid globalHolder(GlobalName name) {
        return node().whereisGlobal(name).orElseThrow(() -> new SporeException(SporeException.Reason.NO_PROCESS,
            "no process holds the global name '" + name + "' (in node " + node().name() + "'s view of the registry)"));
    }

    /**
     * Adds this process to a group; as {@link Node#joinGroup} with {@link #self()}.
     *
     * @param group the group
     * @throws SporeException as {@link Node#joinGroup}
     * @since 1.6.0
     */
    default void joinGroup(GroupName group) {
        node().joinGroup(group, self());
    }

    /**
     * Removes this process from a group; as {@link Node#leaveGroup} with {@link #self()}.
     *
     * @param group the group
     * @throws SporeException as {@link Node#leaveGroup}
     * @since 1.6.0
     */
    default void leaveGroup(GroupName group) {
        node().leaveGroup(group, self());
    }

    /**
     * This process receives {@code GroupJoined} and {@code GroupLeft} for {@code group} from now on; as
     * {@link Node#subscribeGroup}.
     *
     * @param group the group
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} without a registry
     * @since 1.6.0
     */
    default void subscribeGroup(GroupName group) {
        node().subscribeGroup(group, self());
    }

    /**
     * This process receives {@code NodeJoined} and {@code NodeLeft} from now on; as
     * {@link Network#subscribeMembership}.
     *
     * @throws SporeException {@code REGISTRY_UNAVAILABLE} without a registry
     * @since 1.6.0
     */
    default void subscribeMembership() {
        node().network().subscribeMembership(self());
    }
}
