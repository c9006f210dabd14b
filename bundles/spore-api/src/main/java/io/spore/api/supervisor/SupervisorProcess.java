package io.spore.api.supervisor;

import io.spore.api.Caller;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.SporeException;
import io.spore.api.SupervisionEvent;
import io.spore.api.supervisor.SupervisorRequest.CountChildren;
import io.spore.api.supervisor.SupervisorRequest.DeleteChild;
import io.spore.api.supervisor.SupervisorRequest.DescribeChildren;
import io.spore.api.supervisor.SupervisorRequest.RestartChild;
import io.spore.api.supervisor.SupervisorRequest.RestartDue;
import io.spore.api.supervisor.SupervisorRequest.StartChild;
import io.spore.api.supervisor.SupervisorRequest.StartDynamic;
import io.spore.api.supervisor.SupervisorRequest.Stop;
import io.spore.api.supervisor.SupervisorRequest.TerminateChild;
import io.spore.api.supervisor.SupervisorRequest.WhichChildren;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour of a supervisor process, made from a {@link SupervisorSpec}: it traps exits, starts its children in
 * order in {@code init}, and afterwards reacts to their {@link Exit}s by the strategy, within the restart intensity.
 * Stopping children takes time (their shutdown timeouts) and never blocks the thread: while a {@link ChildStopper}
 * sequence runs, the exits and calls that would change the children wait in {@link #deferred}, and run in arrival
 * order once it is done. Exits are taken into account at once (the child shows as not running); only the decision
 * about restarting waits.
 */
final class SupervisorProcess implements ProcessBehavior {
    private final SupervisorSpec spec;
    private final boolean dynamic;
    private final Children children = new Children();
    private final RestartIntensity intensity;
    /** Restarts put off by a backoff or a failed start, by the token of their {@link RestartDue} message. */
    private final Map<Long, List<Child>> pendingRestarts = new HashMap<>();
    private long nextToken;
    /** Work that waits for a stop sequence to finish. */
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    /** Callers of {@link Stop}, answered when the supervisor has stopped its children. */
    private final List<Caller> stopCallers = new ArrayList<>();
    private ProcessContext ctx;
    private ChildStopper stopper;
    private SupervisorErrors errors;
    /** Why the supervisor is shutting down, or {@code null} while it is not. */
    private ExitReason exiting;

    SupervisorProcess(SupervisorSpec spec) {
        this.spec = spec;
        this.dynamic = spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE;
        this.intensity = new RestartIntensity(spec); // Supervisors.factory checked the spec
    }

    @Override
    public void init(ProcessContext context, Object... args) {
        this.ctx = context;
        this.stopper = new ChildStopper(context);
        this.errors = new SupervisorErrors(context.self(), spec.strategy());
        context.trapExits(true);
        if (dynamic) {
            return;
        }
        for (ChildSpec childSpec : spec.children()) {
            Child child = new Child(childSpec);
            try {
                child.pid = ChildStarter.start(context, child);
            } catch (RuntimeException failed) {
                abandonStart();
                throw errors.startFailed(child, failed);
            }
            child.incarnation = 1;
            children.add(child, false);
        }
    }

    /**
     * A child failed to start in {@code init}: the ones started get their shutdown signal, last started first. The
     * supervisor cannot wait for them here (its {@code init} receives nothing), so they end on their own time; those
     * that trap exits also get the supervisor's own exit over their links when the spawn fails.
     */
    private void abandonStart() {
        List<Child> started = children.inOrder();
        for (int i = started.size() - 1; i >= 0; i--) {
            Child child = started.get(i);
            ctx.exit(child.pid, child.spec.shutdown().isZero() ? ExitReason.KILLED : ExitReason.SHUTDOWN);
        }
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if (message instanceof Exit exit) {
            onExit(exit);
        } else if (message instanceof ChildStopper.Timeout timeout) {
            stopper.onTimeout(timeout);
        } else if (message instanceof RestartDue due) {
            List<Child> group = pendingRestarts.remove(due.token());
            if (group != null) {
                whenIdle(() -> startGroup(group));
            }
        } else {
            context.log().warning("supervisor ignores an unexpected message from %s: %s", from, message);
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        if (!(request instanceof SupervisorRequest call) || request instanceof RestartDue) {
            throw new SporeException(SporeException.Reason.NOT_SUPPORTED, "supervisor " + context.self()
                + " answers only the calls of io.spore.api.supervisor.Supervisors, not " + request);
        }
        if (call instanceof WhichChildren) {
            return children.infos();
        }
        if (call instanceof CountChildren) {
            return children.counts();
        }
        if (call instanceof DescribeChildren) {
            return children.statuses();
        }
        if (call instanceof Stop) {
            shutdown(ExitReason.NORMAL, caller);
            return ProcessContext.NO_REPLY;
        }
        if (exiting != null) {
            return errors.stopping(exiting);
        }
        whenIdle(new DeferredCall(caller, call));
        return ProcessContext.NO_REPLY;
    }

    @Override
    public void terminate(ProcessContext context, ExitReason reason) {
        // Only when the supervisor ends some other way than by stopping its children: a last word to each.
        List<Child> left = children.inOrder();
        for (int i = left.size() - 1; i >= 0; i--) {
            if (left.get(i).running()) {
                context.exit(left.get(i).pid, ExitReason.SHUTDOWN);
            }
        }
    }

    // ---- exits and restarts ----

    private void onExit(Exit exit) {
        Child child = children.byPid(exit.from());
        if (child == null) {
            if (exit.from().equals(ctx.parent())) {
                shutdown(exit.reason(), null); // OTP: the parent's exit stops the tree, with its reason
            } else {
                ctx.log().debug("supervisor ignores the exit of %s, not one of its children: %s", exit.from(),
                    exit.reason());
            }
            return;
        }
        children.unbind(child);
        child.lastExit = exit.reason().toString();
        if (stopper.onExit(child) || exiting != null) {
            return;
        }
        int incarnation = child.incarnation;
        whenIdle(() -> childEnded(child, incarnation, exit.reason()));
    }

    /** Decides about a child that ended, unless it was restarted or removed since. */
    private void childEnded(Child child, int incarnation, ExitReason reason) {
        if (exiting != null || child.removed || child.incarnation != incarnation || child.running()) {
            return;
        }
        Restart restart = child.spec.restart();
        boolean abnormal = reason.kind() != ExitReason.Kind.NORMAL && reason.kind() != ExitReason.Kind.SHUTDOWN;
        if (restart == Restart.TEMPORARY || (restart == Restart.TRANSIENT && !abnormal)) {
            if (dynamic || restart == Restart.TEMPORARY) {
                children.remove(child);
            }
            return;
        }
        if (!intensity.allow()) {
            giveUp(child, reason.toString());
            return;
        }
        ctx.log().info("%s ended (%s); restarting it (%s)", child, reason, spec.strategy());
        List<Child> group = switch (spec.strategy()) {
            case ONE_FOR_ALL -> children.inOrder();
            case REST_FOR_ONE -> children.from(child);
            default -> List.of(child);
        };
        List<Child> restarting = new ArrayList<>();
        List<List<Child>> stops = new ArrayList<>();
        for (Child member : group) {
            if (member == child || member.running() || member.restartPending) {
                restarting.add(member);
            }
        }
        for (int i = restarting.size() - 1; i >= 0; i--) {
            if (restarting.get(i).running()) {
                stops.add(List.of(restarting.get(i)));
            }
        }
        stopThen(stops, () -> {
            if (exiting != null) {
                return;
            }
            List<Child> start = new ArrayList<>();
            for (Child member : restarting) {
                if (member.spec.restart() == Restart.TEMPORARY) {
                    children.remove(member); // OTP: a temporary child stopped for a sibling is not restarted
                } else if (!member.removed) {
                    start.add(member);
                }
            }
            scheduleRestart(start, false);
        });
    }

    /** Starts {@code group} now, or after the backoff, or (a retry) through the mailbox so as not to spin here. */
    private void scheduleRestart(List<Child> group, boolean retry) {
        for (Child member : group) {
            member.restartPending = true;
        }
        long delayNs = intensity.backoffNs();
        if (delayNs == 0 && !retry) {
            startGroup(group);
            return;
        }
        long token = ++nextToken;
        pendingRestarts.put(token, group);
        if (delayNs == 0) {
            ctx.send(ctx.self(), new RestartDue(token));
        } else {
            ctx.sendAfter(ctx.self(), new RestartDue(token), Duration.ofNanos(delayNs));
        }
    }

    /**
     * Starts, in order, the children of {@code group} still waiting for it. A start that fails counts as one more
     * restart (OTP's retry), and that child and those after it are tried again.
     */
    private void startGroup(List<Child> group) {
        for (int i = 0; i < group.size() && exiting == null; i++) {
            Child member = group.get(i);
            if (member.removed || !member.restartPending || member.running()) {
                continue;
            }
            try {
                children.bind(member, ChildStarter.start(ctx, member));
                member.restartPending = false;
                member.restarts++;
                report(SupervisionEvent.Kind.RESTARTED, member, member.pid, member.lastExit);
            } catch (RuntimeException failed) {
                ctx.log().error("%s could not be restarted: %s", member, failed.getMessage());
                if (!intensity.allow()) {
                    giveUp(member, "its restart failed: " + failed.getMessage());
                    return;
                }
                scheduleRestart(new ArrayList<>(group.subList(i, group.size())), true);
                return;
            }
        }
    }

    private void giveUp(Child child, String why) {
        report(SupervisionEvent.Kind.INTENSITY_EXCEEDED, child, child.pid, why);
        ctx.log().error("supervisor gives up: %s ended (%s) beyond its restart intensity of %s; stopping all its"
            + " children and exiting with reason shutdown", child, why, intensity);
        shutdown(ExitReason.SHUTDOWN, null);
    }

    /** Tells the node's supervision listeners; they must not block, and what they throw never reaches here. */
    private void report(SupervisionEvent.Kind kind, Child child, Pid pid, String reason) {
        try {
            ctx.node().reportSupervision(new SupervisionEvent(kind, ctx.self(), ctx.application(), child.spec.id(),
                pid, reason, child.restarts));
        } catch (RuntimeException e) {
            ctx.log().warning("a supervision listener failed on %s of %s: %s", kind, child, e);
        }
    }

    /** Stops every child (last started first), then answers the stop callers and exits with {@code reason}. */
    private void shutdown(ExitReason reason, Caller caller) {
        if (caller != null) {
            stopCallers.add(caller);
        }
        if (exiting != null) {
            return;
        }
        exiting = reason;
        pendingRestarts.clear();
        whenIdle(() -> {
            List<Child> running = new ArrayList<>();
            for (Child child : children.inOrder()) {
                if (child.running()) {
                    running.add(child);
                }
            }
            List<List<Child>> stops = new ArrayList<>();
            if (dynamic) {
                stops.add(running); // all at once, as OTP stops a simple one-for-one supervisor's children
            } else {
                for (int i = running.size() - 1; i >= 0; i--) {
                    stops.add(List.of(running.get(i)));
                }
            }
            stopThen(stops, this::exitNow);
        });
    }

    private void exitNow() {
        for (Caller caller : stopCallers) {
            ctx.reply(caller, Boolean.TRUE);
        }
        for (Runnable waiting : deferred) {
            if (waiting instanceof DeferredCall call) {
                ctx.reply(call.caller, errors.stopping(exiting));
            }
        }
        deferred.clear();
        ctx.exit(exiting);
    }

    // ---- deferral while children are being stopped ----

    /** Runs {@code work} now, or after the stop sequence under way and the work deferred before it. */
    private void whenIdle(Runnable work) {
        if (stopper.busy() || !deferred.isEmpty()) {
            deferred.addLast(work);
        } else {
            work.run();
        }
    }

    /** Stops {@code sequence}, then runs {@code next} and the work deferred meanwhile. */
    private void stopThen(List<List<Child>> sequence, Runnable next) {
        stopper.stop(sequence, () -> {
            next.run();
            while (!stopper.busy() && !deferred.isEmpty()) {
                deferred.pollFirst().run();
            }
        });
    }

    /** A call that waits its turn. */
    private final class DeferredCall implements Runnable {
        final Caller caller;
        final SupervisorRequest request;

        DeferredCall(Caller caller, SupervisorRequest request) {
            this.caller = caller;
            this.request = request;
        }

        @Override
        public void run() {
            if (exiting != null) {
                ctx.reply(caller, errors.stopping(exiting));
                return;
            }
            serve(caller, request);
        }
    }

    // ---- operations ----

    private void serve(Caller caller, SupervisorRequest request) {
        if (request instanceof StartChild start) {
            ctx.reply(caller, startStatic(start.spec()));
        } else if (request instanceof StartDynamic start) {
            ctx.reply(caller, startDynamic(start.extraArgs()));
        } else if (request instanceof TerminateChild terminate) {
            terminateChild(caller, terminate);
        } else if (request instanceof RestartChild restart) {
            ctx.reply(caller, restartChild(restart.id()));
        } else if (request instanceof DeleteChild delete) {
            ctx.reply(caller, deleteChild(delete.id()));
        }
    }

    private Object startStatic(ChildSpec childSpec) {
        if (dynamic) {
            return errors.wrongStrategy(childSpec.id(), "startChild with a ChildSpec",
                "add children with Supervisors.startChild(..., extraArgs)");
        }
        Child existing = children.byId(childSpec.id());
        if (existing != null) {
            return errors.alreadyThere(existing);
        }
        return startNew(new Child(childSpec), false);
    }

    private Object startDynamic(List<Object> extraArgs) {
        if (!dynamic) {
            return errors.wrongStrategy(null, "startChild with extra arguments",
                "give a ChildSpec, or use a SIMPLE_ONE_FOR_ONE supervisor");
        }
        return startNew(new Child(spec.children().get(0).withExtraArgs(extraArgs.toArray())), true);
    }

    private Object startNew(Child child, boolean isDynamic) {
        try {
            child.pid = ChildStarter.start(ctx, child);
        } catch (RuntimeException failed) {
            return errors.startFailed(child, failed);
        }
        child.incarnation = 1;
        children.add(child, isDynamic);
        return child.pid;
    }

    private void terminateChild(Caller caller, TerminateChild request) {
        Child child = request.pid() != null ? children.byPid(request.pid())
            : dynamic ? null : children.byId(request.id());
        if (child == null) {
            ctx.reply(caller, errors.notFound(request.pid() != null ? request.pid().toString() : request.id()));
            return;
        }
        child.restartPending = false;
        Runnable done = () -> {
            if (dynamic || child.spec.restart() == Restart.TEMPORARY) {
                children.remove(child);
            }
            ctx.reply(caller, Boolean.TRUE);
        };
        if (child.running()) {
            stopThen(List.of(List.of(child)), done);
        } else {
            done.run();
        }
    }

    private Object restartChild(String id) {
        if (dynamic) {
            return errors.wrongStrategy(id, "restartChild", "start a new child with Supervisors.startChild");
        }
        Child child = children.byId(id);
        if (child == null) {
            return errors.notFound(id);
        }
        if (child.running()) {
            return errors.running(child);
        }
        try {
            children.bind(child, ChildStarter.start(ctx, child));
        } catch (RuntimeException failed) {
            return errors.startFailed(child, failed);
        }
        child.restartPending = false;
        return child.pid;
    }

    private Object deleteChild(String id) {
        if (dynamic) {
            return errors.wrongStrategy(id, "deleteChild", "terminate the child by its pid");
        }
        Child child = children.byId(id);
        if (child == null) {
            return errors.notFound(id);
        }
        if (child.running()) {
            return errors.running(child);
        }
        children.remove(child);
        return Boolean.TRUE;
    }
}
