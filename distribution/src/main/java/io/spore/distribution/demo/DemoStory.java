package io.spore.distribution.demo;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessInfo;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.Supervisors;
import io.spore.distribution.cli.Await;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.FrameworkNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The steps of {@code spore demo}, each printed in plain words before it is taken, against a running node and
 * through its {@link Node} service only: deploy the examples (factories and an application), spawn, send and call,
 * list, crash a worker of the application and watch it restarted, undeploy, and watch the processes end with their
 * bundle.
 */
final class DemoStory {
    /** FileInstall scans every 500 ms; a slow machine may need several scans and a bundle start. */
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private static final Set<Name> EXAMPLES =
        Set.of(Name.of("echo"), Name.of("counter"), Name.of("logger"), Name.of("greeter"));

    private final FrameworkNode embedded;
    private final Node node;
    private final Path examples;
    private final PrintWriter out;

    /**
     * @param embedded a started node with FileInstall
     * @param examples the examples bundle jar, to copy into the deploy folder
     * @param out      where the story is told
     */
    DemoStory(FrameworkNode embedded, Path examples, PrintWriter out) {
        this.embedded = embedded;
        this.node = embedded.node();
        this.examples = examples;
        this.out = out;
    }

    /**
     * @throws ActionableException when a step does not happen in time, saying which
     * @throws IOException     when the deploy folder cannot be written
     */
    void tell() throws IOException {
        say("node " + node.name() + " up (creation " + node.creation() + "); it offers no factories yet: "
            + names(node.factories()));

        Path deployed = embedded.config().deployDir().resolve(examples.getFileName());
        say("");
        say("1. Deploy: copy " + examples.getFileName() + " into the deploy folder; FileInstall installs and starts it,");
        say("   and its ProcessFactory services become spawn names: echo, counter and logger registered by the");
        say("   bundle's activator, greeter by a Declarative Services component (@Component, run by Felix SCR).");
        Files.copy(examples, deployed);
        await("the example factories to appear", () -> node.factories().containsAll(EXAMPLES));
        say("   factories: " + names(node.factories()));
        say("   The bundle is also an application (its manifest: Spore-Application: examples; supervisor=...), so");
        say("   the node started its root supervisor, which started three workers:");
        await("the examples application to start", () -> ExamplesApplication.root(node) != null);
        Pid root = ExamplesApplication.root(node);
        say("   root supervisor " + root + ", children " + children(root));

        say("");
        say("2. Spawn one process from each factory.");
        Pid echo = node.spawn("echo");
        Pid counter = node.spawn("counter");
        Pid logger = node.spawn("logger");
        Pid greeter = node.spawn("greeter", "welcome");
        say("   echo    is " + echo);
        say("   counter is " + counter);
        say("   logger  is " + logger);
        say("   greeter is " + greeter + ", spawned with the greeting \"welcome\"");

        say("");
        say("3. Call echo and greeter: a call waits for the reply; echo answers with the request, greeter greets it.");
        say("   call " + echo + " \"hello, spore\" -> " + node.call(echo, "hello, spore", CALL_TIMEOUT));
        say("   call " + greeter + " \"spore\" -> " + node.call(greeter, "spore", CALL_TIMEOUT));

        say("");
        say("4. Send counter \"inc\" twice (sends never wait), then call it with \"get\".");
        node.send(counter, "inc");
        node.send(counter, "inc");
        // Messages from one sender arrive in order, so the call sees both increments.
        say("   call " + counter + " \"get\" -> " + node.call(counter, "get", CALL_TIMEOUT));

        say("");
        say("5. Send logger a message; it prints it on this node's console. Then a call, answered once printed.");
        node.send(logger, "a message from the demo");
        Object logged = node.call(logger, "a call from the demo", CALL_TIMEOUT);
        say("   the call was answered: " + logged);

        say("");
        say("6. The live processes (ps):");
        printProcesses();

        say("");
        say("7. Let it crash: tell worker-2 to crash. Its handler throws, the process ends with an error (the node");
        say("   logs it), and its supervisor starts a fresh one in its place, one for one.");
        ChildStatus before = Supervisors.describeChildren(node, root).get(1);
        node.send(before.pid(), "crash");
        await("worker-2 to be restarted", () -> Supervisors.describeChildren(node, root).get(1).restarts() == 1);
        ChildStatus after = Supervisors.describeChildren(node, root).get(1);
        say("   worker-2 was " + before.pid() + ", is now " + after.pid() + " (restarts " + after.restarts()
            + ", last exit: " + after.lastExit() + ")");
        say("   call " + after.pid() + " \"status\" -> " + node.call(after.pid(), "status", CALL_TIMEOUT));

        say("");
        say("8. Undeploy: delete " + examples.getFileName() + " from the deploy folder. The node stops the");
        say("   application's tree first (workers last-started first), then FileInstall uninstalls the bundle,");
        say("   its factories go away, and the processes they made end, since their code is leaving.");
        Files.delete(deployed);
        List<Pid> spawned = List.of(echo, counter, logger, greeter);
        await("the example factories to go", () -> node.factories().stream().noneMatch(EXAMPLES::contains));
        await("the example processes to end", () -> spawned.stream().noneMatch(node::isAlive));
        await("the application's tree to end", () -> !node.isAlive(root));
        say("   root supervisor " + root + " alive: " + node.isAlive(root));
        say("   factories: " + names(node.factories()));
        for (Pid pid : spawned) {
            say("   " + pid + " alive: " + node.isAlive(pid));
        }
        say("   processes left: " + node.processes().size());
        say("");
    }

    /** @return the children of a supervisor as {@code id pid, ...} */
    private String children(Pid supervisor) {
        return Supervisors.whichChildren(node, supervisor).stream().map(child -> child.id() + " " + child.pid())
            .collect(Collectors.joining(", "));
    }

    private void printProcesses() {
        String format = "   %-28s %-10s %-8s %s%n";
        out.printf(format, "PID", "FACTORY", "MAILBOX", "STATE");
        for (ProcessInfo info : node.processes()) {
            out.printf(format, info.pid(), info.factory(), info.mailboxLength(), info.state());
        }
        out.flush();
    }

    private void await(String what, BooleanSupplier condition) {
        if (!Await.until(DEPLOY_TIMEOUT, condition)) {
            throw new ActionableException("the demo waited " + DEPLOY_TIMEOUT.toSeconds() + " s for " + what
                + " and gave up; run spore demo --verbose to see what FileInstall and the core did");
        }
    }

    private void say(String line) {
        out.println(line);
        // The logger prints on System.out from a worker thread: flush so the lines stay in story order.
        out.flush();
    }

    private static String names(Set<Name> names) {
        return names.isEmpty() ? "(none)" : names.stream().map(Name::toString).collect(Collectors.joining(", "));
    }
}
