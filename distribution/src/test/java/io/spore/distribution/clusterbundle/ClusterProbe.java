package io.spore.distribution.clusterbundle;

import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupJoined;
import io.spore.api.cluster.GroupLeft;
import io.spore.api.cluster.GroupName;
import io.spore.api.cluster.NodeJoined;
import io.spore.api.cluster.NodeLeft;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A process the registry's node tests drive through a node's shell ({@code spore:call PID WORDS…}) to use the
 * cluster API the shell has no command for. What happens to it is kept as event lines; {@code events} answers them.
 *
 * <p>Requests:
 * <ul>
 *   <li>{@code global NAME}: registers this process as a global name: {@code registered}, or
 *       {@code refused REASON: MESSAGE}</li>
 *   <li>{@code globallater NAME}: the same on a thread of its own, for a registration that may take longer than the
 *       shell waits: the event {@code NAME registered}, or {@code NAME refused REASON: MESSAGE}</li>
 *   <li>{@code sendglobal NAME TEXT…}: sends TEXT to the name's holder; {@code callglobal NAME TEXT…} calls it
 *       without blocking: the event {@code reply VALUE} or {@code failed REASON}</li>
 *   <li>{@code join GROUP}: joins a group; {@code subscribe GROUP}: group changes become events {@code +GROUP PID}
 *       and {@code -GROUP PID}; {@code membership}: members become events {@code joined NODE} and
 *       {@code left NODE}</li>
 *   <li>{@code spawnanywhere FACTORY}: {@code spawned PID}, or {@code refused REASON: MESSAGE}</li>
 *   <li>{@code fill GROUP N}: spawns N idle processes here and joins each to GROUP, a chunk per turn; ends with the
 *       event {@code filled N in MILLIS ms}</li>
 *   <li>a message {@code global NAME} (not a call): registers as a global name, and the outcome becomes the event
 *       {@code global NAME registered} or {@code global NAME refused REASON: MESSAGE}</li>
 *   <li>{@code events}: every event so far, joined by {@code " | "}; anything else is answered
 *       {@code echo REQUEST} with this process's pid (so a call shows who answered)</li>
 * </ul>
 */
public final class ClusterProbe implements ProcessBehavior {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String FILL = "fill:continue";
    private static final int FILL_CHUNK = 100;

    /** Written by this process's turns and by the threads of {@code globallater}. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private GroupName fillGroup;
    private int fillLeft;
    private int fillTotal;
    private long fillStartMs;

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if (FILL.equals(message) && from.equals(context.self())) {
            fillChunk(context);
        } else if (message instanceof GroupJoined joined) {
            events.add("+" + joined.group() + " " + joined.pid());
        } else if (message instanceof GroupLeft left) {
            events.add("-" + left.group() + " " + left.pid());
        } else if (message instanceof NodeJoined joined) {
            events.add("joined " + joined.member().node());
        } else if (message instanceof NodeLeft left) {
            events.add("left " + left.node());
        } else if (message instanceof String text && text.startsWith("global ")) {
            // Registered from a message, so a slow answer (a node cut off from the registry waits its response
            // timeout) does not outlast the shell's call: the outcome becomes an event.
            String name = text.substring("global ".length());
            try {
                context.registerGlobal(GlobalName.of(name));
                events.add("global " + name + " registered");
            } catch (SporeException e) {
                events.add("global " + name + " refused " + e.reason() + ": " + e.getMessage());
            }
        } else {
            events.add("message " + message);
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        String[] words = String.valueOf(request).split(" ");
        String rest = String.join(" ", Arrays.asList(words).subList(Math.min(2, words.length), words.length));
        try {
            switch (words[0]) {
                case "global" -> {
                    context.registerGlobal(GlobalName.of(words[1]));
                    return "registered";
                }
                case "globallater" -> {
                    GlobalName name = GlobalName.of(words[1]);
                    Pid self = context.self();
                    io.spore.api.Node node = context.node();
                    Thread registering = new Thread(() -> {
                        try {
                            node.registerGlobal(name, self);
                            events.add(name + " registered");
                        } catch (SporeException e) {
                            events.add(name + " refused " + e.reason() + ": " + e.getMessage());
                        }
                    }, "cluster-probe-register");
                    registering.setDaemon(true);
                    registering.start();
                    return "registering";
                }
                case "sendglobal" -> {
                    context.send(GlobalName.of(words[1]), rest);
                    return "sent";
                }
                case "callglobal" -> {
                    context.call(GlobalName.of(words[1]), rest, CALL_TIMEOUT, new ReplyHandler() {
                        @Override
                        public void onReply(Object reply) {
                            events.add("reply " + reply);
                        }

                        @Override
                        public void onError(SporeException error) {
                            events.add("failed " + error.reason());
                        }
                    });
                    return "calling";
                }
                case "join" -> {
                    context.joinGroup(GroupName.of(words[1]));
                    return "joined";
                }
                case "subscribe" -> {
                    context.subscribeGroup(GroupName.of(words[1]));
                    return "subscribed";
                }
                case "membership" -> {
                    context.subscribeMembership();
                    return "subscribed";
                }
                case "spawnanywhere" -> {
                    return "spawned " + context.node().network().spawnAnywhere(Name.of(words[1]),
                        ProcessOptions.DEFAULTS.withSpawnTimeout(Duration.ofSeconds(5)));
                }
                case "fill" -> {
                    fillGroup = GroupName.of(words[1]);
                    fillTotal = Integer.parseInt(words[2]);
                    fillLeft = fillTotal;
                    fillStartMs = System.currentTimeMillis();
                    context.send(context.self(), FILL);
                    return "filling";
                }
                case "events" -> {
                    return events.isEmpty() ? "(none)" : String.join(" | ", events);
                }
                default -> {
                    return "echo " + request + " from " + context.self();
                }
            }
        } catch (SporeException e) {
            return "refused " + e.reason() + ": " + e.getMessage();
        }
    }

    private void fillChunk(ProcessContext context) {
        try {
            for (int i = 0; i < FILL_CHUNK && fillLeft > 0; i++, fillLeft--) {
                Pid member = context.spawn(Idle::new, ProcessOptions.DEFAULTS);
                context.node().joinGroup(fillGroup, member);
            }
        } catch (SporeException e) {
            events.add("fill failed " + e.reason() + ": " + e.getMessage());
            return;
        }
        if (fillLeft > 0) {
            context.send(context.self(), FILL);
        } else {
            events.add("filled " + fillTotal + " in " + (System.currentTimeMillis() - fillStartMs) + " ms");
        }
    }

    /** A group member that only waits. */
    private static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }
    }
}
