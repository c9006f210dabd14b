package io.spore.api.supervisor;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a supervisor starts, and how it treats it (OTP's child specification). Immutable: each {@code with…} returns
 * a copy. Made with {@link #of(String, Name, Object...)} (a registered spawn name, which a child on another node
 * needs) or {@link #of(String, ProcessFactory, Object...)} (a factory object, local children only).
 *
 * <p>Defaults: {@link Restart#PERMANENT}, {@link ChildType#WORKER}, a shutdown timeout of 5 seconds for a worker and
 * {@link #INFINITY} for a supervisor, {@link ProcessOptions#DEFAULTS} (the child inherits the supervisor's
 * application, log level and environment), and no nodes: the child runs on the supervisor's node.
 */
public final class ChildSpec {
    /** As a shutdown: kill the child at once ({@link io.spore.api.ExitReason#KILLED}), with no time to clean up. */
    public static final Duration BRUTAL_KILL = Duration.ZERO;
    /** As a shutdown: wait as long as the child takes to end after the shutdown signal; meant for supervisors. */
    public static final Duration INFINITY = ChronoUnit.FOREVER.getDuration();
    /** The shutdown timeout of a worker unless set. */
    private static final Duration WORKER_SHUTDOWN = Duration.ofSeconds(5);

    /** The child's id, unique among the supervisor's specs. */
    private final String id;
    /** The spawn name to start it from, or {@code null} when {@link #factoryObject} is set. */
    private final Name factoryName;
    /** The factory to start it from, or {@code null} when {@link #factoryName} is set. */
    private final ProcessFactory factoryObject;
    /** The arguments of its {@code init}, unmodifiable. */
    private final List<Object> args;
    /** How to spawn it. */
    private final ProcessOptions options;
    /** When to restart it. */
    private final Restart restart;
    /** How long to wait for it to end when stopping it, or {@code null} for its type's default. */
    private final Duration shutdown;
    /** Worker or supervisor. */
    private final ChildType type;
    /** The nodes to place it on, in order of preference; empty for the supervisor's node. Unmodifiable. */
    private final List<NodeName> nodes;

    /**
     * Use the factory methods and the {@code with…} methods.
     *
     * @param id            the id
     * @param factoryName   the spawn name, or {@code null}
     * @param factoryObject the factory, or {@code null}
     * @param args          the init arguments, unmodifiable
     * @param options       the spawn options
     * @param restart       the restart type
     * @param shutdown      the shutdown, or {@code null} for the default
     * @param type          the type
     * @param nodes         the nodes, unmodifiable
     */
    private ChildSpec(String id, Name factoryName, ProcessFactory factoryObject, List<Object> args,
                      ProcessOptions options, Restart restart, Duration shutdown, ChildType type,
                      List<NodeName> nodes) {
        this.id = id;
        this.factoryName = factoryName;
        this.factoryObject = factoryObject;
        this.args = args;
        this.options = options;
        this.restart = restart;
        this.shutdown = shutdown;
        this.type = type;
        this.nodes = nodes;
    }

    /**
     * @param id      the child's id, unique among its supervisor's specs
     * @param factory the spawn name of a factory registered with the node the child starts on
     * @param args    the arguments of the child's {@code init}; for a child on another node each must be encodable
     * @return a spec with the defaults
     * @throws NullPointerException when {@code id} or {@code factory} is {@code null}
     */
    public static ChildSpec of(String id, Name factory, Object... args) {
        return new ChildSpec(Objects.requireNonNull(id, "id"), Objects.requireNonNull(factory, "factory"), null,
            copy(args), ProcessOptions.DEFAULTS, Restart.PERMANENT, null, ChildType.WORKER, List.of());
    }

    /**
     * @param id      the child's id, unique among its supervisor's specs
     * @param factory the factory that makes the child's behaviour; such a child can only run on the supervisor's node
     * @param args    the arguments of the child's {@code init}
     * @return a spec with the defaults
     * @throws NullPointerException when {@code id} or {@code factory} is {@code null}
     */
    public static ChildSpec of(String id, ProcessFactory factory, Object... args) {
        return new ChildSpec(Objects.requireNonNull(id, "id"), null, Objects.requireNonNull(factory, "factory"),
            copy(args), ProcessOptions.DEFAULTS, Restart.PERMANENT, null, ChildType.WORKER, List.of());
    }

    /** Copies arguments that may hold {@code null}s, which {@link List#of} refuses. */
    private static List<Object> copy(Object[] args) {
        return args == null || args.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(args.clone()));
    }

    /**
     * @param options how to spawn the child; {@link ProcessOptions#link()} is ignored, the supervisor links it
     * @return a copy with those options
     */
    public ChildSpec withOptions(ProcessOptions options) {
        return new ChildSpec(id, factoryName, factoryObject, args, Objects.requireNonNull(options, "options"), restart,
            shutdown, type, nodes);
    }

    /**
     * @param restart when to restart the child
     * @return a copy with that restart type
     */
    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, factoryName, factoryObject, args, options, Objects.requireNonNull(restart, "restart"),
            shutdown, type, nodes);
    }

    /**
     * How the supervisor stops the child: it sends the exit signal {@link io.spore.api.ExitReason#SHUTDOWN} and waits
     * up to {@code timeout} for the child to end, then kills it.
     *
     * @param timeout how long to wait: positive, {@link #BRUTAL_KILL} to kill at once, or {@link #INFINITY}
     * @return a copy with that shutdown
     * @throws SporeException {@code INVALID_ARGUMENT} for a negative timeout
     */
    public ChildSpec withShutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "child '" + id + "': a shutdown timeout cannot be negative, was " + timeout);
        }
        return new ChildSpec(id, factoryName, factoryObject, args, options, restart, timeout, type, nodes);
    }

    /**
     * @param type worker or supervisor
     * @return a copy of that type
     */
    public ChildSpec withType(ChildType type) {
        return new ChildSpec(id, factoryName, factoryObject, args, options, restart, shutdown,
            Objects.requireNonNull(type, "type"), nodes);
    }

    /**
     * Places the child on other nodes: it is started by remote spawn (so the target's access list applies, and a
     * refusal is a {@link SupervisorException.Problem#START_FAILED} with the target's reason, such as
     * {@code NOT_ALLOWED}), then linked to the supervisor. The nodes are tried in list order, those connected now
     * before the others; the first that accepts it runs it. A node may be the supervisor's own.
     *
     * <p>When the child's node goes down or its connection is lost, the supervisor receives the child's exit with
     * reason {@code noconnection}, which is abnormal: it restarts the child by its strategy and restart type, within
     * its intensity, on the first node of the list that accepts it (a node just lost is not connected, so a
     * connected one comes first). On the lost node's side the link breaks too, so a child that loses its
     * supervisor's node ends with {@code noconnection} unless it traps exits (then it receives the
     * {@link io.spore.api.Exit} and should end). When the lost node comes back (a new incarnation, or the connection
     * heals) nothing moves: the supervisor does not adopt a process there, and the child keeps running where it was
     * restarted; the node is used again at the child's next restart, preferred by its place in the list once it is
     * connected.
     *
     * @param nodes the nodes in order of preference; none to run the child on the supervisor's node
     * @return a copy placed on those nodes
     * @throws SporeException {@code INVALID_ARGUMENT} when the spec has a factory object rather than a spawn name,
     *                        which another node cannot look up
     */
    public ChildSpec withNodes(NodeName... nodes) {
        List<NodeName> list = List.of(nodes);
        if (!list.isEmpty() && factoryName == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "child '" + id + "' has a factory object,"
                + " which only its supervisor's node can run; give it a spawn name to place it on " + list);
        }
        return new ChildSpec(id, factoryName, factoryObject, args, options, restart, shutdown, type, list);
    }

    /**
     * @param extraArgs arguments to add after this spec's
     * @return a copy whose arguments are this spec's followed by {@code extraArgs} (a dynamic child's)
     */
    ChildSpec withExtraArgs(Object[] extraArgs) {
        if (extraArgs == null || extraArgs.length == 0) {
            return this;
        }
        Object[] all = Arrays.copyOf(args.toArray(), args.size() + extraArgs.length);
        System.arraycopy(extraArgs, 0, all, args.size(), extraArgs.length);
        return new ChildSpec(id, factoryName, factoryObject, copy(all), options, restart, shutdown, type, nodes);
    }

    /** @return the child's id */
    public String id() {
        return id;
    }

    /** @return the spawn name the child starts from, or {@code null} when it has a factory object */
    public Name factoryName() {
        return factoryName;
    }

    /** @return the factory object the child starts from, or {@code null} when it has a spawn name */
    public ProcessFactory factory() {
        return factoryObject;
    }

    /** @return the arguments of the child's {@code init}, unmodifiable */
    public List<Object> args() {
        return args;
    }

    /** @return how to spawn the child */
    public ProcessOptions options() {
        return options;
    }

    /** @return when to restart the child */
    public Restart restart() {
        return restart;
    }

    /**
     * @return how long to wait for the child to end after its shutdown signal: {@link #BRUTAL_KILL},
     *         {@link #INFINITY} or a positive time; unless set, 5 seconds for a worker and infinity for a supervisor
     */
    public Duration shutdown() {
        if (shutdown != null) {
            return shutdown;
        }
        return type == ChildType.SUPERVISOR ? INFINITY : WORKER_SHUTDOWN;
    }

    /** @return worker or supervisor */
    public ChildType type() {
        return type;
    }

    /** @return the nodes to place the child on, in order of preference; empty for the supervisor's node */
    public List<NodeName> nodes() {
        return nodes;
    }

    @Override
    public String toString() {
        return "ChildSpec[id=" + id + ", factory=" + (factoryName != null ? factoryName
            : factoryObject.getClass().getName()) + ", restart=" + restart + ", shutdown=" + shutdown() + ", type="
            + type + (nodes.isEmpty() ? "" : ", nodes=" + nodes) + "]";
    }
}
