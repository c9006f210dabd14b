package io.spore.shell;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeStats;
import io.spore.api.Pid;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessOptions;
import io.spore.api.SendOptions;
import io.spore.api.SpawnAccess;
import io.spore.api.SporeException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/**
 * The {@code spore:*} Gogo commands, run against this framework's {@link Node} service.
 *
 * <p>Output goes to {@link System#out}, which inside a Gogo session is the session's own output (Gogo swaps it
 * per thread). A command never throws: each failure, including "no node is running", prints one line
 * {@code <command> failed: <reason>}, the reason being the {@link SporeException}'s message, and no stack trace.
 *
 * <p>Targets ({@code PID|NAME}) are a pid, written {@code <demo@localhost.42.1>} (quote it: Gogo reads bare
 * {@code <} and {@code >} as redirections) or without the brackets, or else a registered name; see {@link Target}.
 * Pids are printed quoted, {@code '<demo@localhost.42.1>'}, so that one pasted into a command reads back as is.
 * Messages and requests are the remaining words joined by single spaces, sent as one {@link String}.
 *
 * <p>{@code spore:enable-spawn} and {@code spore:disable-spawn} are {@link SpawnAccessCommand}s.
 */
public final class SporeCommands {
    /** The Gogo scope of these commands. */
    static final String SCOPE = "spore";
    /** The command names, which are also the method names Gogo invokes. */
    static final String[] FUNCTIONS = {"factories", "spawn", "ps", "send", "call", "kill", "names", "stats"};
    /** How long {@code spore:call} waits for a reply. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Node> node;
    private final Supplier<Map<String, Long>> transportCounters;

    /**
     * @param node              the current node, or {@code null} when none is up
     * @param transportCounters the transport's counters by name, empty when no transport runs
     */
    SporeCommands(Supplier<Node> node, Supplier<Map<String, Long>> transportCounters) {
        this.node = node;
        this.transportCounters = transportCounters;
    }

    @Descriptor("list the spawn names: NAME, REMOTE (who may spawn it from other nodes), SPAWNED, DENIED")
    public void factories() {
        run("factories", n -> {
            Map<Name, SpawnAccess> remote = new TreeMap<>();
            n.network().spawnAccess().forEach(access -> remote.put(access.name(), access));
            Set<Name> names = new TreeSet<>(n.factories());
            names.addAll(remote.keySet());
            if (names.isEmpty()) {
                out().println("no factories are registered (install a bundle that publishes a ProcessFactory)");
                return;
            }
            Table table = new Table().row("NAME", "REMOTE", "SPAWNED", "DENIED");
            for (Name name : names) {
                SpawnAccess access = remote.get(name);
                if (access == null) {
                    table.row(name, "local only", 0, 0);
                } else {
                    table.row(name, SpawnAccessCommand.state(access), access.spawned(), access.denied());
                }
            }
            table.print(out());
        });
    }

    @Descriptor("spawn a process and print its pid; whole numbers become Long, true/false Boolean, other words String")
    public void spawn(@Descriptor("the spawn name, e.g. echo") String factory,
                      @Descriptor("arguments passed to the behaviour's init") String... args) {
        run("spawn", n -> out().println(
            Target.print(n.spawn(Name.of(factory), ProcessOptions.DEFAULTS, ShellValues.values(args)))));
    }

    @Descriptor("list the live processes: PID, NAME, FACTORY, MAILBOX, STATE")
    public void ps() {
        run("ps", n -> {
            Table table = new Table().row("PID", "NAME", "FACTORY", "MAILBOX", "STATE");
            for (ProcessInfo p : n.processes()) {
                table.row(Target.print(p.pid()), p.registeredName(), p.factory(), p.mailboxLength(), p.state());
            }
            table.print(out());
        });
    }

    @Descriptor("send a message (the remaining words, joined by spaces) to a process")
    public void send(@Descriptor("wait until the process has it, and fail (NO_PROCESS) when there is none; to a"
                         + " process on another node, until that node confirms")
                     @Parameter(names = {"-i", "--important"}, presentValue = "true", absentValue = "false")
                     boolean important,
                     @Descriptor("an important send with this id (not 0): if it fails with NOT_CONFIRMED, send it"
                         + " again with the same id and the other node delivers it at most once; use a new id for"
                         + " each new message")
                     @Parameter(names = {"-d", "--delivery-id"}, absentValue = "0")
                     long deliveryId,
                     @Descriptor("a pid <node@host.id.creation> or a registered name") String target,
                     @Descriptor("the message words") String... message) {
        SendOptions options = SendOptions.DEFAULTS.withImportant(important);
        SendOptions withId = deliveryId == 0 ? options : options.withDeliveryId(deliveryId);
        run("send", n -> Target.parse(target).send(n, text(message, "message"), withId));
    }

    @Descriptor("call a process (waits up to 5 s) and print its reply")
    public void call(@Descriptor("a pid <node@host.id.creation> or a registered name") String target,
                     @Descriptor("the request words") String... request) {
        run("call", n -> out().println(Target.parse(target).call(n, text(request, "request"), CALL_TIMEOUT)));
    }

    @Descriptor("kill a process (it cannot trap this) and say whether it was alive")
    public void kill(@Descriptor("a pid <node@host.id.creation> or a registered name") String target) {
        run("kill", n -> {
            Pid pid = Target.parse(target).resolve(n);
            out().println(n.kill(pid) ? "killed " + Target.print(pid) : Target.print(pid) + " was not alive");
        });
    }

    @Descriptor("list the registered names and their pids")
    public void names() {
        run("names", n -> {
            Table table = new Table().row("NAME", "PID");
            for (Name name : n.registeredNames()) {
                // A name may be released between the two reads; then it is simply no longer listed.
                Optional<Pid> pid = n.whereis(name);
                pid.ifPresent(p -> table.row(name, Target.print(p)));
            }
            table.print(out());
        });
    }

    @Descriptor("print the node's counters, then its transport's (as JMX shows them in TransportCounters)")
    public void stats() {
        run("stats", n -> {
            NodeStats stats = n.stats();
            Table table = new Table().row("node", n.name());
            // Read the record's own components, so a counter added to NodeStats shows up without a change here.
            for (RecordComponent c : NodeStats.class.getRecordComponents()) {
                table.row(c.getName(), read(c, stats));
            }
            transportCounters.get().forEach((name, value) -> table.row("transport." + name, value));
            table.print(out());
        });
    }

    private void run(String command, Consumer<Node> action) {
        CommandRunner.run(command, node.get(),
            "no io.spore.api.Node service; check with lb that io.spore.core is active", action);
    }

    private static PrintStream out() {
        return CommandRunner.out();
    }

    private static String text(String[] words, String what) {
        if (words.length == 0) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "no " + what + " given: write it after the pid or name");
        }
        return String.join(" ", words);
    }

    private static Object read(RecordComponent component, NodeStats stats) {
        try {
            return component.getAccessor().invoke(stats);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read NodeStats." + component.getName(), e);
        }
    }
}
