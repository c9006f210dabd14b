package io.spore.distribution;

import io.spore.distribution.cli.CompletionCommand;
import io.spore.distribution.cli.ExecutionErrorHandler;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.cli.UsageErrorHandler;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.client.CallCommand;
import io.spore.distribution.client.PingCommand;
import io.spore.distribution.client.SendCommand;
import io.spore.distribution.client.SpawnCommand;
import io.spore.distribution.demo.DemoCommand;
import io.spore.distribution.identity.IdentityCommand;
import io.spore.distribution.launch.LaunchCommand;
import io.spore.distribution.launch.StartNodeCommand;
import io.spore.distribution.node.CookieCommand;
import io.spore.distribution.node.NodeCommand;
import io.spore.distribution.registry.RegistryCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code spore} command: {@code spore node} runs a node in the foreground, {@code spore demo} shows the whole
 * story on one machine, and {@code spore send}, {@code call}, {@code spawn} and {@code ping} talk to a running node
 * as short-lived client nodes. {@code spore launch} runs programs through this user's launch daemon (here or, with
 * {@code --host}, over ssh), and {@code spore start-node} starts a node through a fork method and manages it.
 * {@code spore cookie} and {@code spore identity} make and check a cluster's cookie and a node's key and certificate.
 * {@code spore registry} runs one member of the replicated registry.
 * {@code spore completion bash} prints the shell completion script.
 * {@code bin/spore} runs this class.
 *
 * <p>Exit status: 0 on success, 1 when the node could not start or failed, or a client command's operation failed,
 * 2 on bad arguments (one line on standard error says which).
 */
@Command(name = "spore",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lightweight processes on the JVM, on nodes that run OSGi bundles and talk to each other.",
    subcommands = {NodeCommand.class, DemoCommand.class, SendCommand.class, CallCommand.class,
        SpawnCommand.class, PingCommand.class, LaunchCommand.class, StartNodeCommand.class, CookieCommand.class,
        IdentityCommand.class, RegistryCommand.class, CompletionCommand.class})
public final class Spore implements Runnable {
    @Spec
    CommandSpec spec;

    /**
     * Runs the command line and exits the JVM with its status; exiting also ends threads that bundles leave
     * behind.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        OneLineLogging.install();
        System.exit(commandLine().execute(args));
    }

    /** @return the command line with Spore's error handling, for tests that run commands in-process */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Spore())
            .setParameterExceptionHandler(new UsageErrorHandler())
            .setExecutionExceptionHandler(new ExecutionErrorHandler());
        // submit -l L -p COMMAND ARGS...: the program's own options (sh -c ...) belong to it, not to spore.
        commandLine.getSubcommands().get("launch").getSubcommands().get("submit")
            .setUnmatchedOptionsArePositionalParams(true)
            .setStopAtPositional(true);
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "missing command: use 'spore node', 'spore demo', 'spore send', 'spore call', 'spore ping', 'spore launch' or 'spore start-node'");
    }
}
