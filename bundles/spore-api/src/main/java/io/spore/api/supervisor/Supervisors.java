package io.spore.api.supervisor;

import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.api.supervisor.SupervisorRequest.CountChildren;
import io.spore.api.supervisor.SupervisorRequest.DeleteChild;
import io.spore.api.supervisor.SupervisorRequest.DescribeChildren;
import io.spore.api.supervisor.SupervisorRequest.RestartChild;
import io.spore.api.supervisor.SupervisorRequest.StartChild;
import io.spore.api.supervisor.SupervisorRequest.StartDynamic;
import io.spore.api.supervisor.SupervisorRequest.Stop;
import io.spore.api.supervisor.SupervisorRequest.TerminateChild;
import io.spore.api.supervisor.SupervisorRequest.WhichChildren;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Starts supervisors and manages their children (OTP's {@code supervisor} module). Every operation on a running
 * supervisor is a call to it, served on its own turn after the exits and calls before it.
 *
 * <p>From outside any process, use the methods that take a {@link Node}: they block the calling thread (never use
 * them in a handler) and throw a {@link SupervisorException} when the supervisor refuses, or a
 * {@link SporeException} ({@code TIMEOUT}, {@code NO_PROCESS}) when it does not answer within {@link #CALL_TIMEOUT}.
 * From a process, use those that take its {@link ProcessContext} and a {@link ReplyHandler}: they return at once,
 * and the handler receives the answer on the process's own turn, or the refusal, a {@link SupervisorException}, in
 * {@link ReplyHandler#onError}. A supervisor answers only calls of its own node's processes and of its node: the
 * requests are not encodable, so a supervisor on another node is managed through a process of that node.
 */
public final class Supervisors {
    /** How long the node-side operations wait for the supervisor's answer; stopping children may take a while. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private Supervisors() {
    }

    /**
     * A factory for supervisors of {@code spec}: register it as a spawn name, spawn it, or give it to a
     * {@link ChildSpec} of type {@link ChildType#SUPERVISOR} to nest supervisors. Each process it makes starts the
     * spec's children in its {@code init}, so its spawn fails ({@code INIT_FAILED}, with a {@link SupervisorException}
     * naming the child as the cause) when a child cannot be started.
     *
     * @param spec what the supervisors do
     * @return the factory
     * @throws SporeException {@code INVALID_ARGUMENT} for a {@link Strategy#SIMPLE_ONE_FOR_ONE} spec without its
     *                        template
     */
    public static ProcessFactory factory(SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE && spec.children().size() != 1) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a SIMPLE_ONE_FOR_ONE supervisor needs"
                + " exactly one child spec, the template of its children; add it with SupervisorSpec.withChild");
        }
        return () -> new SupervisorProcess(spec);
    }

    /**
     * Starts a supervisor from outside any process; its parent is the node's identity, so
     * {@code node.exit(supervisor, ExitReason.SHUTDOWN)} stops it as {@link #stop(Node, Pid)} does.
     *
     * @param node    the node to run it on
     * @param spec    what it does
     * @param options how to spawn it (its application, environment and log level pass to its children)
     * @return its pid, once every child has started, in order
     * @throws SupervisorException {@link SupervisorException.Problem#START_FAILED} naming the first child that could
     *                             not start; the children started before it have been sent their shutdown
     * @throws SporeException      {@code INVALID_ARGUMENT} as {@link #factory(SupervisorSpec)}
     */
    public static Pid start(Node node, SupervisorSpec spec, ProcessOptions options) {
        try {
            return node.spawn(factory(spec), options);
        } catch (SporeException failed) {
            throw unwrap(failed);
        }
    }

    /**
     * As {@link #start(Node, SupervisorSpec, ProcessOptions)} with {@link ProcessOptions#DEFAULTS}.
     *
     * @param node the node to run it on
     * @param spec what it does
     * @return its pid, once every child has started
     * @throws SupervisorException as {@link #start(Node, SupervisorSpec, ProcessOptions)}
     */
    public static Pid start(Node node, SupervisorSpec spec) {
        return start(node, spec, ProcessOptions.DEFAULTS);
    }

    /**
     * Starts a supervisor linked to the calling process (OTP's {@code start_link}): if the caller traps exits and
     * ends, the supervisor stops its children and exits with the caller's reason. Its {@code init}, starting the
     * children, runs on the caller's thread before this returns.
     *
     * @param ctx     the calling process
     * @param spec    what it does
     * @param options how to spawn it; it is linked to the caller whatever they say
     * @return its pid, once every child has started
     * @throws SupervisorException as {@link #start(Node, SupervisorSpec, ProcessOptions)}
     */
    public static Pid start(ProcessContext ctx, SupervisorSpec spec, ProcessOptions options) {
        try {
            return ctx.spawn(factory(spec), options.withLink(true));
        } catch (SporeException failed) {
            throw unwrap(failed);
        }
    }

    /**
     * As {@link #start(ProcessContext, SupervisorSpec, ProcessOptions)} with {@link ProcessOptions#DEFAULTS}.
     *
     * @param ctx  the calling process
     * @param spec what it does
     * @return its pid, once every child has started
     * @throws SupervisorException as {@link #start(Node, SupervisorSpec, ProcessOptions)}
     */
    public static Pid start(ProcessContext ctx, SupervisorSpec spec) {
        return start(ctx, spec, ProcessOptions.DEFAULTS);
    }

    /** The spawn failed in the supervisor's init: give the caller the supervisor's own, typed, error. */
    private static SporeException unwrap(SporeException failed) {
        return failed.getCause() instanceof SupervisorException typed ? copy(typed) : failed;
    }

    /** A supervisor's refusal thrown again on the caller's thread, with the caller's stack. */
    private static SupervisorException copy(SupervisorException refusal) {
        return new SupervisorException(refusal.problem(), refusal.childId(), refusal.getMessage(),
            refusal.getCause() instanceof SporeException cause ? cause : null);
    }

    // ---- operations from outside a process ----

    /**
     * Adds a child to a supervisor that is not {@link Strategy#SIMPLE_ONE_FOR_ONE} and starts it, last in start
     * order. When it cannot start, the spec is not kept.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @param child      the child's spec, with an id the supervisor does not know
     * @return the child's pid
     * @throws SupervisorException {@code ALREADY_STARTED}, {@code ALREADY_PRESENT}, {@code START_FAILED},
     *                             {@code WRONG_STRATEGY}
     */
    public static Pid startChild(Node node, Pid supervisor, ChildSpec child) {
        return (Pid) call(node, supervisor, new StartChild(Objects.requireNonNull(child, "child")));
    }

    /**
     * Starts a child of a {@link Strategy#SIMPLE_ONE_FOR_ONE} supervisor from its template, with the template's
     * arguments followed by {@code extraArgs}.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @param extraArgs  the child's own arguments
     * @return the child's pid
     * @throws SupervisorException {@code START_FAILED}, {@code WRONG_STRATEGY}
     */
    public static Pid startChild(Node node, Pid supervisor, Object... extraArgs) {
        return (Pid) call(node, supervisor, dynamic(extraArgs));
    }

    /**
     * Stops a child (shutdown signal, then kill after its shutdown timeout) and does not restart it. A static child's
     * spec is kept, for {@link #restartChild(Node, Pid, String)}, unless it is {@link Restart#TEMPORARY}.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @param id         the child's id
     * @throws SupervisorException {@code NOT_FOUND}
     */
    public static void terminateChild(Node node, Pid supervisor, String id) {
        call(node, supervisor, new TerminateChild(Objects.requireNonNull(id, "id"), null));
    }

    /**
     * Stops a child by its pid and forgets it: for the children of a {@link Strategy#SIMPLE_ONE_FOR_ONE} supervisor.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @param child      the running child
     * @throws SupervisorException {@code NOT_FOUND} when no running child has that pid
     */
    public static void terminateChild(Node node, Pid supervisor, Pid child) {
        call(node, supervisor, new TerminateChild(null, Objects.requireNonNull(child, "child")));
    }

    /**
     * Starts again a static child that is not running (terminated, or waiting for a delayed restart).
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @param id         the child's id
     * @return the child's new pid
     * @throws SupervisorException {@code NOT_FOUND}, {@code RUNNING}, {@code START_FAILED}, {@code WRONG_STRATEGY}
     */
    public static Pid restartChild(Node node, Pid supervisor, String id) {
        return (Pid) call(node, supervisor, new RestartChild(Objects.requireNonNull(id, "id")));
    }

    /**
     * Forgets a static child that is not running.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @param id         the child's id
     * @throws SupervisorException {@code NOT_FOUND}, {@code RUNNING}, {@code WRONG_STRATEGY}
     */
    public static void deleteChild(Node node, Pid supervisor, String id) {
        call(node, supervisor, new DeleteChild(Objects.requireNonNull(id, "id")));
    }

    /**
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @return its children in start order, running or not
     */
    @SuppressWarnings("unchecked")
    public static List<ChildInfo> whichChildren(Node node, Pid supervisor) {
        return (List<ChildInfo>) call(node, supervisor, new WhichChildren());
    }

    /**
     * As {@link #whichChildren(Node, Pid)}, with each child's restart type, restarts and last exit reason: for
     * administration tools. Since 1.1.0.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @return its children in start order, running or not
     */
    @SuppressWarnings("unchecked")
    public static List<ChildStatus> describeChildren(Node node, Pid supervisor) {
        return (List<ChildStatus>) call(node, supervisor, new DescribeChildren());
    }

    /**
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     * @return how many children it has, running and by type
     */
    public static ChildCounts countChildren(Node node, Pid supervisor) {
        return (ChildCounts) call(node, supervisor, new CountChildren());
    }

    /**
     * Stops a supervisor: its children in reverse start order (each with its shutdown), then the supervisor itself,
     * with reason normal. Returns when the children have ended.
     *
     * @param node       the supervisor's node
     * @param supervisor the supervisor
     */
    public static void stop(Node node, Pid supervisor) {
        call(node, supervisor, new Stop());
    }

    private static Object call(Node node, Pid supervisor, SupervisorRequest request) {
        Object reply = node.call(supervisor, request, CALL_TIMEOUT);
        if (reply instanceof SupervisorException refusal) {
            throw copy(refusal);
        }
        return reply;
    }

    private static StartDynamic dynamic(Object[] extraArgs) {
        return new StartDynamic(extraArgs == null || extraArgs.length == 0 ? List.of()
            : Collections.unmodifiableList(Arrays.asList(extraArgs.clone())));
    }

    // ---- operations from a process ----

    /**
     * As {@link #startChild(Node, Pid, ChildSpec)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param child      the child's spec
     * @param handler    receives the child's {@link Pid}, or the refusal
     * @return the reference of the call
     */
    public static Ref startChild(ProcessContext ctx, Pid supervisor, ChildSpec child, ReplyHandler handler) {
        return call(ctx, supervisor, new StartChild(Objects.requireNonNull(child, "child")), handler);
    }

    /**
     * As {@link #startChild(Node, Pid, Object...)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param handler    receives the child's {@link Pid}, or the refusal
     * @param extraArgs  the child's own arguments
     * @return the reference of the call
     */
    public static Ref startChild(ProcessContext ctx, Pid supervisor, ReplyHandler handler, Object... extraArgs) {
        return call(ctx, supervisor, dynamic(extraArgs), handler);
    }

    /**
     * As {@link #terminateChild(Node, Pid, String)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param id         the child's id
     * @param handler    receives {@link Boolean#TRUE} once the child has ended, or the refusal
     * @return the reference of the call
     */
    public static Ref terminateChild(ProcessContext ctx, Pid supervisor, String id, ReplyHandler handler) {
        return call(ctx, supervisor, new TerminateChild(Objects.requireNonNull(id, "id"), null), handler);
    }

    /**
     * As {@link #terminateChild(Node, Pid, Pid)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param child      the running child
     * @param handler    receives {@link Boolean#TRUE} once the child has ended, or the refusal
     * @return the reference of the call
     */
    public static Ref terminateChild(ProcessContext ctx, Pid supervisor, Pid child, ReplyHandler handler) {
        return call(ctx, supervisor, new TerminateChild(null, Objects.requireNonNull(child, "child")), handler);
    }

    /**
     * As {@link #restartChild(Node, Pid, String)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param id         the child's id
     * @param handler    receives the child's new {@link Pid}, or the refusal
     * @return the reference of the call
     */
    public static Ref restartChild(ProcessContext ctx, Pid supervisor, String id, ReplyHandler handler) {
        return call(ctx, supervisor, new RestartChild(Objects.requireNonNull(id, "id")), handler);
    }

    /**
     * As {@link #deleteChild(Node, Pid, String)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param id         the child's id
     * @param handler    receives {@link Boolean#TRUE}, or the refusal
     * @return the reference of the call
     */
    public static Ref deleteChild(ProcessContext ctx, Pid supervisor, String id, ReplyHandler handler) {
        return call(ctx, supervisor, new DeleteChild(Objects.requireNonNull(id, "id")), handler);
    }

    /**
     * As {@link #whichChildren(Node, Pid)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param handler    receives a {@code List<ChildInfo>}
     * @return the reference of the call
     */
    public static Ref whichChildren(ProcessContext ctx, Pid supervisor, ReplyHandler handler) {
        return call(ctx, supervisor, new WhichChildren(), handler);
    }

    /**
     * As {@link #countChildren(Node, Pid)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param handler    receives a {@link ChildCounts}
     * @return the reference of the call
     */
    public static Ref countChildren(ProcessContext ctx, Pid supervisor, ReplyHandler handler) {
        return call(ctx, supervisor, new CountChildren(), handler);
    }

    /**
     * As {@link #stop(Node, Pid)}, from a process.
     *
     * @param ctx        the calling process
     * @param supervisor the supervisor
     * @param handler    receives {@link Boolean#TRUE} once the children have ended
     * @return the reference of the call
     */
    public static Ref stop(ProcessContext ctx, Pid supervisor, ReplyHandler handler) {
        return call(ctx, supervisor, new Stop(), handler);
    }

    /** Calls from a process, handing a refusal to {@link ReplyHandler#onError} rather than as a reply. */
    private static Ref call(ProcessContext ctx, Pid supervisor, SupervisorRequest request, ReplyHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return ctx.call(supervisor, request, CALL_TIMEOUT, new ReplyHandler() {
            @Override
            public void onReply(Object reply) throws Exception {
                if (reply instanceof SupervisorException refusal) {
                    handler.onError(copy(refusal));
                } else {
                    handler.onReply(reply);
                }
            }

            @Override
            public void onError(SporeException error) throws Exception {
                handler.onError(error);
            }
        });
    }
}
