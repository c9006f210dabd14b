package io.spore.distribution;

import io.spore.api.Node;
import io.spore.api.NodeName;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spore node}: runs one node in the foreground until Ctrl-C or SIGTERM, or until the framework stops
 * ({@code stop 0} in the shell, or the end of the shell's input).
 */
@Command(name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs a Spore node in the foreground until Ctrl-C.",
        "Bundles dropped into the deploy folder are installed and started; removing them uninstalls them.",
        "With --shell, the Gogo shell reads commands (spore:factories, spore:spawn, ...) from standard input;"
            + " 'stop 0' or the end of input (Ctrl-D) stops the node."
    })
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node's name, for example demo@localhost.")
    NodeName name;

    @Option(names = "--deploy", paramLabel = "DIR", defaultValue = "deploy",
        description = "Folder watched for bundles; created if missing (default: ${DEFAULT-VALUE}).")
    Path deployDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Folder for the framework's cache, cleaned at start (default: a temporary folder).")
    Path dataDir;

    @Option(names = "--workers", paramLabel = "N",
        description = "Scheduler threads (default: one per core).")
    Integer workers;

    @Option(names = "--shell", description = "Read shell commands from standard input.")
    boolean shell;

    @Option(names = "--verbose", description = "Log the framework's, FileInstall's and SCR's debug messages too.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        if (workers != null && workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, not " + workers);
        }
        if (verbose) {
            OneLineLogging.verbose();
        }
        DistributionHome home = DistributionHome.locate();
        NodeConfig config = new NodeConfig()
            .name(name)
            .deployDir(deployDir)
            .dataDir(dataDir)
            .workers(workers)
            .verbose(verbose)
            .bundles(home.bundles())
            .consoleBundle(shell ? home.consoleBundle() : null)
            .conclude();

        PrintWriter out = spec.commandLine().getOut();
        EmbeddedNode embedded = EmbeddedNode.start(config);
        Thread stopOnSignal = new Thread(embedded::close, "spore-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);

        Node node = embedded.node();
        out.println("node " + node.name() + " up (creation " + node.creation() + "); deploy folder "
            + config.deployDir() + "; Ctrl-C to stop");
        out.flush();
        if (shell) {
            embedded.openConsole();
        }

        embedded.awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is stopping the node, and the JVM waits for it.
        }
        embedded.close();
        out.println("node " + name + " stopped");
        out.flush();
        return 0;
    }
}
