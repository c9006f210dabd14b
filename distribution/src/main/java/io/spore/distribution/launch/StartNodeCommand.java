package io.spore.distribution.launch;

import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.DistributionHome;
import io.spore.launcher.ForkMethod;
import io.spore.launcher.NodeManager;
import io.spore.launcher.NodeSpec;
import io.spore.launcher.RemoteShell;
import io.spore.launcher.StartedNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code spore start-node}: Mozart's {@code Remote.manager} on the command line. Starts a node on a host through a
 * fork method, waits until it has connected back, optionally ships bundles to it, and then either stays (the node
 * ends with this command, Ctrl-C closes it cleanly) or, with {@code --detach}, leaves it running and returns.
 */
@Command(name = "start-node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Starts a Spore node on HOST through a fork method and waits until it has connected back (or fails after"
            + " --timeout with the tail of its output).",
        "Fork methods: automatic (sh for this host, ssh otherwise), sh (this host; HOST only names the node), ssh,"
            + " rsh, or any command, run as 'COMMAND HOST spore node ...'. 'ssh HOST spore node --test' checks a host"
            + " first.",
        "Without --detach the node ends when this command ends, even on kill -9 (no orphans); Ctrl-C closes it"
            + " cleanly. With --detach it runs on and this command returns.",
        "Words after -- are passed to 'spore node' (e.g. -- --cookie-file F --port 0).",
        ""
    })
public final class StartNodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost",
        description = "Where the node runs: a host name, user@host or an ssh alias (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "The node's name before the @; it runs as NAME@HOST.")
    String name;

    @Option(names = "--fork", paramLabel = "METHOD", defaultValue = "automatic",
        description = "automatic, sh, ssh, rsh or a command (default: ${DEFAULT-VALUE}).")
    String fork;

    @Option(names = "--detach", description = "Let the node outlive this command.")
    boolean detach;

    @Option(names = "--spore", paramLabel = "PATH",
        description = "The spore command on the host (default: this distribution's bin/spore with sh, else spore on"
            + " the host's PATH).")
    String spore;

    @Option(names = "--ssh", paramLabel = "COMMAND", defaultValue = "ssh",
        description = "The ssh command and options for the ssh method, split at spaces (default: ${DEFAULT-VALUE}).")
    String ssh;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "15s",
        description = "How long the node may take to connect back (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--callback", paramLabel = "ADDR",
        description = "The address of this machine the node connects back to (default: loopback for this host,"
            + " else the local address that routes to HOST).")
    String callback;

    @Option(names = "--install-bundle", paramLabel = "JAR",
        description = "Ship this bundle to the node, which installs and starts it (the node is started allowing"
            + " bundles from this command). Repeatable.")
    List<Path> bundles = new ArrayList<>();

    @Parameters(paramLabel = "NODE-OPTION", arity = "0..*", description = "More options for 'spore node'.")
    List<String> nodeOptions = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ForkMethod method = ForkMethod.of(fork);
        List<String> sshCommand = RemoteShell.split(ssh);
        boolean local = method.resolve(host, sshCommand).text().equals("sh");
        String sporePath = spore != null ? spore
            : local ? DistributionHome.locate().root().resolve("bin").resolve("spore").toString() : "spore";
        NodeSpec nodeSpec = new NodeSpec()
            .host(host)
            .name(name)
            .fork(method)
            .detach(detach)
            .spore(sporePath)
            .ssh(sshCommand)
            .timeout(timeout)
            .callbackHost(callback)
            .allowBundleInstall(!bundles.isEmpty())
            .nodeArguments(nodeOptions)
            .log(line -> say(out, "spore start-node: " + line))
            .output(line -> {
                synchronized (out) {
                    out.println("[" + name + "] " + line);
                    out.flush();
                }
            });
        StartedNode node = NodeManager.start(nodeSpec);
        say(out, "node " + node.name() + " started through " + node.forkMethod() + ": pid " + node.pid() + " on "
            + host + (node.udpPort() == null ? "" : ", UDP port " + node.udpPort()));
        try {
            for (Path bundle : bundles) {
                say(out, node.installBundle(bundle));
            }
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        if (detach) {
            node.release();
            say(out, "node " + node.name() + " is detached: it runs on without this command (stop it with kill "
                + node.pid() + " on " + host + ")");
            return 0;
        }
        say(out, "node " + node.name() + " ends when this command ends; Ctrl-C closes it cleanly");
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean();
        Thread closeOnSignal = new Thread(() -> {
            closing.set(true);
            try {
                node.close();
            } catch (RuntimeException e) {
                System.err.println("spore start-node: " + e.getMessage());
            }
            done.countDown();
        }, "start-node-close");
        Runtime.getRuntime().addShutdownHook(closeOnSignal);
        String reason = node.awaitDisconnect(Duration.ofDays(365_000));
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnSignal);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is closing the node.
            done.await();
        }
        if (!closing.get()) {
            // Nobody asked it to end: it crashed, was killed, or was stopped on its host.
            throw new ActionableException("node " + node.name() + " ended on its own (" + reason + "); its last output:\n"
                + node.outputTail());
        }
        say(out, "node " + node.name() + " ended: " + reason);
        return 0;
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
