package io.spore.core.application;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.SupervisorException;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.spi.ApplicationInfo;
import io.spore.core.spi.ApplicationInfo.State;
import io.spore.core.spi.StartType;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One application's life on one node: started from its declaring bundle's root supervisor spec once the spawn
 * names its children need are offered, stopped (the whole tree, in reverse start order) when its bundle stops, and
 * reported on when its root supervisor ends on its own: a {@link StartType#PERMANENT} application then stops the
 * node through the fail-stop action.
 *
 * <p>Threading: {@link #start} runs on the extender's starting thread, {@link #stop} on the thread that stops the
 * bundle, {@link #rootStarted} and {@link #rootEnded} on the master's turn; the state is guarded by this object.
 */
public final class Application {
    private static final System.Logger LOG = System.getLogger(Application.class.getName());
    /** How often {@link #start} looks for the spawn names it waits for. */
    private static final long POLL_MS = 20;

    private final String name;
    private final String bundle;
    private final StartType startType;
    private final Map<String, Object> env;
    private final Supplier<SupervisorSpec> specs;
    private final Consumer<String> failStop;
    private final BooleanSupplier bundleActive;
    private State state = State.STARTING;
    private Pid master;
    private Pid root;
    private String detail = "";
    /** Set by {@link #stop}: the tree's end is expected, and a start not done yet must not happen. */
    private boolean stopping;

    /**
     * @param name      the application's name
     * @param bundle    its bundle, for messages: {@code symbolic-name version [id]}
     * @param startType what the end of its root means
     * @param env       the environment of its processes
     * @param specs     makes the root supervisor's spec (the bundle's class)
     * @param failStop  stops the node, with the reason: for a permanent application's end
     */
    public Application(String name, String bundle, StartType startType, Map<String, Object> env,
                       Supplier<SupervisorSpec> specs, Consumer<String> failStop) {
        this(name, bundle, startType, env, specs, failStop, () -> true);
    }

    /**
     * As {@link #Application(String, String, StartType, Map, Supplier, Consumer)}, for a bundle that may be leaving
     * when the root ends: its factories may be withdrawn (a Declarative Services component deactivated) before its
     * tree is stopped, which ends the tree on its own; that end is then not the application's failure.
     *
     * @param bundleActive whether the bundle is still active (not stopping)
     */
    public Application(String name, String bundle, StartType startType, Map<String, Object> env,
                       Supplier<SupervisorSpec> specs, Consumer<String> failStop, BooleanSupplier bundleActive) {
        this.bundleActive = bundleActive;
        this.name = name;
        this.bundle = bundle;
        this.startType = startType;
        this.env = Map.copyOf(env);
        this.specs = specs;
        this.failStop = failStop;
    }

    /** @return the application's name */
    public String name() {
        return name;
    }

    /** @return a snapshot for tools */
    public synchronized ApplicationInfo info() {
        return new ApplicationInfo(name, bundle, startType, state, state == State.RUNNING ? root : null, env, detail);
    }

    /**
     * As {@link #start(Node, Duration, BooleanSupplier)} on a node whose network is taken as ready.
     *
     * @param node        the node to run it on
     * @param factoryWait how long to wait for the spawn names
     */
    public void start(Node node, Duration factoryWait) {
        start(node, factoryWait, () -> true);
    }

    /**
     * Starts the application's tree: gets the root's spec, waits up to {@code factoryWait} for the spawn names of
     * the root's local children (a Declarative Services component registers its factory a moment after its bundle
     * started) and, when a child is placed on other nodes, for the node's transport (a bundle in the deploy folder
     * may start before the transport bundle has attached), then spawns the master, which starts the root. A failure
     * is one line at ERROR and the state {@link State#FAILED}; the node keeps running.
     *
     * @param node         the node to run it on
     * @param factoryWait  how long to wait for the spawn names and the transport
     * @param networkReady whether the node's transport is attached
     */
    public void start(Node node, Duration factoryWait, BooleanSupplier networkReady) {
        SupervisorSpec spec;
        try {
            spec = specs.get();
            if (spec == null) {
                throw new IllegalStateException("the supplier returned null");
            }
            Supervisors.factory(spec); // checks a simple one-for-one spec has its template
        } catch (RuntimeException | LinkageError e) {
            failed("its root supervisor's spec could not be made (" + e + "); fix the supervisor= class");
            return;
        }
        Set<String> missing = awaitReady(node, spec, factoryWait, networkReady);
        synchronized (this) {
            if (stopping) {
                return;
            }
        }
        try {
            node.spawn(() -> new ApplicationMaster(this, spec),
                ProcessOptions.DEFAULTS.withApplication(name).withEnv(env));
        } catch (SporeException e) {
            Throwable cause = e.getCause() instanceof SupervisorException refusal ? refusal : e;
            failed("its root supervisor could not start: " + cause.getMessage()
                + (missing.isEmpty() ? "" : " (still missing after " + factoryWait.toMillis() + " ms: " + missing
                    + "; deploy the bundles that offer them, or check the transport)"));
        }
    }

    /**
     * Polls until the local spawn names {@code spec} starts from are offered and, if a child is placed on other
     * nodes, the transport is attached; or until the wait is over, or a stop.
     *
     * @return what is still missing: spawn names, and {@code "a transport"} when it is not attached
     */
    private Set<String> awaitReady(Node node, SupervisorSpec spec, Duration wait, BooleanSupplier networkReady) {
        Set<Name> needed = new LinkedHashSet<>();
        boolean remote = false;
        for (ChildSpec child : spec.children()) {
            if (child.factoryName() != null && child.nodes().isEmpty()) {
                needed.add(child.factoryName());
            }
            remote |= !child.nodes().isEmpty();
        }
        long deadlineNs = System.nanoTime() + wait.toNanos();
        while (true) {
            needed.removeAll(node.factories());
            boolean waitingForNetwork = remote && !networkReady.getAsBoolean();
            synchronized (this) {
                if ((needed.isEmpty() && !waitingForNetwork) || stopping || System.nanoTime() - deadlineNs >= 0) {
                    Set<String> missing = new LinkedHashSet<>();
                    needed.forEach(name -> missing.add(name.toString()));
                    if (waitingForNetwork) {
                        missing.add("a transport");
                    }
                    return missing;
                }
                try {
                    wait(POLL_MS); // a stop wakes it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Set.of();
                }
            }
        }
    }

    /** The master started the root: the application runs. On the master's turn, inside its spawn. */
    synchronized void rootStarted(Pid masterPid, Pid rootPid) {
        master = masterPid;
        root = rootPid;
        state = State.RUNNING;
        detail = "";
        LOG.log(Level.INFO, "application " + name + " started (" + startType.headerValue() + ", bundle " + bundle
            + "): root supervisor " + rootPid);
    }

    /** The root ended: expected while stopping; otherwise reported by the start type. On the master's turn. */
    void rootEnded(ExitReason reason) {
        boolean leaving = !bundleActive.getAsBoolean();
        synchronized (this) {
            if (stopping) {
                return;
            }
            if (leaving) {
                // its bundle is stopping and took its factories first: the stop under way is the end, not a failure
                LOG.log(Level.INFO, "application " + name + ": its root ended (" + reason + ") while bundle " + bundle
                    + " stops");
                return;
            }
            state = State.FAILED;
            detail = "its root supervisor " + root + " ended: " + reason;
            root = null;
        }
        String what = "application " + name + " (" + startType.headerValue() + ", bundle " + bundle + ") ended: its"
            + " root supervisor exited with reason " + reason;
        switch (startType) {
            case PERMANENT -> {
                LOG.log(Level.ERROR, what + "; stopping node, as a permanent application's end does");
                failStop.accept(what);
            }
            case TRANSIENT -> LOG.log(reason.isNormal() ? Level.INFO : Level.ERROR, what);
            default -> LOG.log(reason.isNormal() ? Level.INFO : Level.WARNING, what);
        }
    }

    /**
     * Stops the tree, in reverse start order, and returns when it has ended: called while the bundle is stopping,
     * before its classes go away. A start waiting for spawn names gives up at once; one under way (children being
     * spawned) is waited for, so that what it started is stopped too.
     *
     * @param node       the node it runs on
     * @param awaitStart returns once {@link #start} has returned (or was never called)
     */
    public void stop(Node node, Runnable awaitStart) {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        awaitStart.run();
        Pid stopRoot;
        Pid stopMaster;
        synchronized (this) {
            stopRoot = state == State.RUNNING ? root : null;
            stopMaster = master;
            state = State.STOPPING;
        }
        if (stopRoot != null) {
            try {
                Supervisors.stop(node, stopRoot);
            } catch (SporeException e) {
                // it ended meanwhile (NO_PROCESS), or the node is stopping: nothing of the tree is left to stop
                LOG.log(Level.DEBUG, "application " + name + ": stopping its root " + stopRoot + ": " + e.getMessage());
            }
            LOG.log(Level.INFO, "application " + name + " stopped (bundle " + bundle + ")");
        }
        if (stopMaster != null && node.isAlive(stopMaster)) {
            node.exit(stopMaster, ExitReason.SHUTDOWN);
        }
    }

    private void failed(String why) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            state = State.FAILED;
            detail = why;
        }
        LOG.log(Level.ERROR, "application " + name + " of bundle " + bundle + " did not start: " + why);
    }
}
