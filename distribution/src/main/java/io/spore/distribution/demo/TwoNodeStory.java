package io.spore.distribution.demo;

import io.spore.api.Down;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.SporeException;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.distribution.cli.Await;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.framework.ActionableException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The second half of {@code spore demo}: this node and a second node in a JVM of its own talk over Aeron on
 * loopback. Spawn on the other node from here (a remote spawn: first refused by its access list, then allowed by
 * its operator through its shell), call the child, send it a message with a pid inside and get the answer, supervise
 * a child on the other node (it crashes and is started again there), then kill the other node and watch a monitor
 * here fire with {@code noconnection}.
 */
final class TwoNodeStory {
    /** The second node's start (a JVM and a framework) and its deploy folder's first scan. */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Name ECHO = Name.of("echo");
    private static final Name WORKER = Name.of("worker");
    /** A node that is never started: the access list the story starts with names only it. */
    private static final String ELSEWHERE = "elsewhere@localhost";
    /** The start of a log line on a node's console ({@link OneLineLogging}'s format). */
    private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d+ ");

    private final Node node;
    private final DemoPeer peer;
    private final Duration detectionTimeout;
    private final PrintWriter out;

    /**
     * @param node             this node
     * @param peer             the second node, started with the examples in its deploy folder
     * @param detectionTimeout the nodes' failure detection timeout, to say what to expect
     * @param out              where the story is told
     */
    TwoNodeStory(Node node, DemoPeer peer, Duration detectionTimeout, PrintWriter out) {
        this.node = node;
        this.peer = peer;
        this.detectionTimeout = detectionTimeout;
        this.out = out;
    }

    /** @throws ActionableException when a step fails or does not happen in time, saying which */
    void tell() throws InterruptedException {
        try {
            tellSteps();
        } catch (SporeException e) {
            throw new ActionableException("the two-node part failed: " + e.getMessage() + " (" + e.reason() + ")", e);
        }
    }

    private void tellSteps() throws InterruptedException {
        NodeName other = NodeName.parse(peer.toString());
        say("Two nodes.");
        say("");
        say("9. A second node, " + other + ", runs in a JVM of its own (bin/spore node --shell), started when the");
        say("   demo began, with the examples in its deploy folder. It holds the same cookie; the two have not");
        say("   talked yet. It says:");
        say("   " + peer.awaitUp(PEER_TIMEOUT));
        if (!Await.until(STEP_TIMEOUT, () -> peer.command("spore:factories", STEP_TIMEOUT).contains("echo"))) {
            throw new ActionableException("the demo waited " + STEP_TIMEOUT.toSeconds() + " s for echo on " + other
                + " and gave up; it printed:\n" + peer.output());
        }

        say("");
        say("10. Remote spawn: this node asks " + other + " to spawn its echo. Who may do that is the target's");
        say("    decision: an access list per spawn name. Its operator first allows only some other node:");
        say("    " + other + "> spore:enable-spawn echo " + ELSEWHERE);
        say("    " + answer(peer.command("spore:enable-spawn echo " + ELSEWHERE, STEP_TIMEOUT)));
        say("    The request finds " + other + " through the host's name service, connects over UDP and proves the");
        say("    cookie both ways (no secret crosses the wire); the answer is an explicit refusal, not a timeout:");
        RemoteNode remote = node.network().getNode(other);
        try {
            Pid unexpected = remote.spawn(ECHO, ProcessOptions.DEFAULTS);
            throw new ActionableException("the demo expected " + other + " to refuse, but it spawned " + unexpected);
        } catch (SporeException denied) {
            say("    spawn echo on " + other + " -> " + denied.reason() + ": " + denied.getMessage());
        }

        say("");
        say("11. The operator allows this node too, and the same request succeeds:");
        say("    " + other + "> spore:enable-spawn echo " + node.name());
        say("    " + answer(peer.command("spore:enable-spawn echo " + node.name(), STEP_TIMEOUT)));
        long spawnNs = System.nanoTime();
        Pid echo = remote.spawn(ECHO, ProcessOptions.DEFAULTS);
        say("    spawn echo on " + other + " -> " + echo + "   (" + millis(System.nanoTime() - spawnNs) + ")");
        say("    " + other + " counts both, per name:");
        for (String line : peer.command("spore:factories", STEP_TIMEOUT).strip().split("\\R")) {
            if (line.startsWith("NAME") || line.startsWith("echo")) {
                say("    " + line);
            }
        }
        say("    Call it from this node:");
        say("    call " + echo + " \"hello across nodes\" -> " + node.call(echo, "hello across nodes", CALL_TIMEOUT));
        say("    connected nodes: " + names(node.connectedNodes()));

        say("");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Pid inbox = node.spawn(() -> new Inbox(received), ProcessOptions.DEFAULTS, echo);
        say("12. A process here, " + inbox + ", sends echo a message with its own pid inside:");
        say("    [" + inbox + ", \"an answer for the pid inside\"]. Echo sends the text to that pid.");
        node.send(echo, List.of(inbox, "an answer for the pid inside"));
        Object answer = take(received, "the answer from echo");
        say("    " + inbox + " received: " + answer);

        say("");
        superviseAcross(other);

        say("");
        say("14. " + inbox + " also monitors echo. Kill " + other + " with SIGKILL:");
        say("    it says no goodbye, so this node learns of it when the heartbeats stop (detection timeout "
            + DurationConverter.format(detectionTimeout) + " here;");
        say("    3s by default). Every monitor and link to its processes fires with noconnection.");
        long killedNs = System.nanoTime();
        peer.kill();
        Object down = take(received, "the monitor's Down");
        say("    " + inbox + " received: " + down + "   (" + millis(System.nanoTime() - killedNs)
            + " after the kill)");
        Await.until(STEP_TIMEOUT, () -> !node.connectedNodes().contains(other));
        say("    connected nodes: " + names(node.connectedNodes()));
        say("");
    }

    /** Step 13: a supervisor here whose child runs on the other node; the child crashes and is started again there. */
    private void superviseAcross(NodeName other) {
        say("13. Supervision across nodes: a supervisor here starts its child 'remote-worker' on " + other + " (a");
        say("    remote spawn of the examples' worker there), linked to it across the two nodes.");
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(3, Duration.ofSeconds(10))
            .withChild(ChildSpec.of("remote-worker", WORKER, "remote-worker").withNodes(other));
        Pid supervisor = Supervisors.start(node, spec, ProcessOptions.DEFAULTS.withApplication("demo"));
        Pid before = Supervisors.whichChildren(node, supervisor).get(0).pid();
        say("    supervisor " + supervisor + ", child remote-worker " + before);
        say("    call " + before + " \"status\" -> " + node.call(before, "status", CALL_TIMEOUT));
        say("    Tell it to crash: its exit crosses the link to the supervisor, which spawns a new one on " + other
            + ".");
        long crashNs = System.nanoTime();
        node.send(before, "crash");
        if (!Await.until(STEP_TIMEOUT, () -> Supervisors.describeChildren(node, supervisor).get(0).restarts() == 1
            && Supervisors.describeChildren(node, supervisor).get(0).pid() != null)) {
            throw new ActionableException("the demo waited " + STEP_TIMEOUT.toSeconds() + " s for remote-worker to"
                + " be restarted on " + other + " and gave up; the second node printed:\n" + peer.output());
        }
        ChildStatus after = Supervisors.describeChildren(node, supervisor).get(0);
        say("    remote-worker is now " + after.pid() + "   (" + millis(System.nanoTime() - crashNs)
            + " after the crash; last exit: " + after.lastExit() + ")");
        say("    call " + after.pid() + " \"status\" -> " + node.call(after.pid(), "status", CALL_TIMEOUT));
        Supervisors.stop(node, supervisor);
        say("    The supervisor is stopped (its child first), before the next step kills " + other + ".");
    }

    private Object take(BlockingQueue<Object> queue, String what) throws InterruptedException {
        Object value = queue.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (value == null) {
            throw new ActionableException("the demo waited " + STEP_TIMEOUT.toSeconds() + " s for " + what
                + " and gave up; the second node printed:\n" + peer.output());
        }
        return value;
    }

    /** What a shell command printed, without the node's log lines that share its console. */
    private static String answer(String printed) {
        return printed.lines().filter(line -> !LOG_LINE.matcher(line).lookingAt())
            .collect(Collectors.joining("\n    ")).strip();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String names(Set<NodeName> nodes) {
        return nodes.isEmpty() ? "(none)" : nodes.stream().map(NodeName::toString).collect(Collectors.joining(", "));
    }

    /** Monitors the pid it is spawned with, and hands everything it receives to the story. */
    private record Inbox(BlockingQueue<Object> received) implements ProcessBehavior {
        @Override
        public void init(ProcessContext context, Object... args) {
            context.monitor((Pid) args[0]);
        }

        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
            received.add(message instanceof Down down ? describe(down) : message);
        }

        private static String describe(Down down) {
            return "Down(" + down.pid() + ", " + down.reason() + ")";
        }
    }
}
