package io.spore.distribution.supervisebundle;

import io.spore.api.Caller;
import io.spore.api.Exit;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.api.supervisor.ChildInfo;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorException;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The process a test drives through a node's shell ({@code spore:call PID WORDS…}) to start a supervisor and watch
 * it, since a supervisor answers only the calls of its own node's processes. It traps exits, so a supervisor that
 * gives up becomes an event rather than the keeper's end.
 *
 * <p>Requests:
 * <ul>
 *   <li>{@code supervise NODE[,NODE…]}: starts, linked, a one-for-one supervisor (at most 10 restarts in 60 s) of
 *       one permanent child {@code w} of {@value SuperviseActivator#CRASHER} placed on those nodes, in that order of
 *       preference; answers {@code supervisor PID}, or {@code refused PROBLEM REASON CHILD: MESSAGE} for a typed
 *       start failure</li>
 *   <li>{@code child}: the child's pid, {@code child PID}, or {@code child none} while it is not running</li>
 *   <li>{@code stop}: stops the supervisor and its child; answers {@code stopped} once they have ended</li>
 *   <li>{@code events}: the exit signals received, joined by {@code " | "}, or {@code (none)}</li>
 * </ul>
 */
public final class Keeper implements ProcessBehavior {
    private static final Name CHILD_FACTORY = Name.of(SuperviseActivator.CRASHER);

    private final List<String> events = new ArrayList<>();
    private Pid supervisor;

    @Override
    public void init(ProcessContext context, Object... args) {
        context.trapExits(true);
    }

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if (message instanceof Exit exit) {
            events.add("exit " + exit.from() + " " + exit.reason());
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        String[] words = String.valueOf(request).split(" ");
        switch (words[0]) {
            case "supervise" -> {
                return supervise(context, words.length > 1 ? words[1] : "");
            }
            case "child" -> {
                Supervisors.whichChildren(context, supervisor(), answer(context, caller, reply -> {
                    List<?> children = (List<?>) reply;
                    Pid child = children.isEmpty() ? null : ((ChildInfo) children.get(0)).pid();
                    return "child " + (child == null ? "none" : child);
                }));
                return ProcessContext.NO_REPLY;
            }
            case "stop" -> {
                Supervisors.stop(context, supervisor(), answer(context, caller, reply -> "stopped"));
                return ProcessContext.NO_REPLY;
            }
            case "events" -> {
                return events.isEmpty() ? "(none)" : String.join(" | ", events);
            }
            default -> {
                return "?";
            }
        }
    }

    private Object supervise(ProcessContext context, String nodeList) {
        NodeName[] nodes = Arrays.stream(nodeList.split(",")).map(NodeName::parse).toArray(NodeName[]::new);
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withIntensity(10, Duration.ofSeconds(60))
            .withChild(ChildSpec.of("w", CHILD_FACTORY).withNodes(nodes));
        try {
            supervisor = Supervisors.start(context, spec);
            return "supervisor " + supervisor;
        } catch (SupervisorException refused) {
            return "refused " + refused.problem() + " " + refused.reason() + " " + refused.childId() + ": "
                + refused.getMessage();
        }
    }

    private Pid supervisor() {
        if (supervisor == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "no supervisor: call supervise first");
        }
        return supervisor;
    }

    /** Answers {@code caller} with what {@code text} makes of the supervisor's reply, or with the error. */
    private static ReplyHandler answer(ProcessContext context, Caller caller,
                                       Function<Object, String> text) {
        return new ReplyHandler() {
            @Override
            public void onReply(Object reply) {
                context.reply(caller, text.apply(reply));
            }

            @Override
            public void onError(SporeException error) {
                context.reply(caller, "failed " + error.reason() + ": " + error.getMessage());
            }
        };
    }
}
