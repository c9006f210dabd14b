package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code spore launch}: the launch daemon of this user on this host ({@code serve}) and the commands that use it;
 * with {@code --host}, the same commands on another machine through ssh.
 */
@Command(name = "launch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs programs under labels through a launch daemon, one per user and host, and tells subscribers when"
            + " they end.",
        "The daemon listens on a Unix socket only its user can use: $XDG_RUNTIME_DIR/spore/launch.sock, or"
            + " ~/.spore/launch.sock. With --host, every command runs on that machine through ssh.",
        ""
    },
    subcommands = {LaunchServeCommand.class, LaunchSubmitCommand.class, LaunchListCommand.class,
        LaunchStopCommand.class, LaunchLogsCommand.class, LaunchShutdownCommand.class, LaunchSubscribeCommand.class,
        LaunchSubscribersCommand.class, LaunchUnsubscribeCommand.class})
public final class LaunchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH",
        description = "The daemon's socket (default: $XDG_RUNTIME_DIR/spore/launch.sock or ~/.spore/launch.sock;"
            + " on the remote host with --host).")
    Path socket;

    @Option(names = "--host", paramLabel = "HOST",
        description = "Run the command on HOST through ssh (HOST may be user@host or an alias of the ssh"
            + " configuration).")
    String host;

    @Option(names = "--ssh", paramLabel = "COMMAND", defaultValue = "ssh",
        description = "The ssh command with its options, split at spaces, e.g. 'ssh -F ~/.ssh/lab' (default:"
            + " ${DEFAULT-VALUE}).")
    String ssh;

    @Option(names = "--spore", paramLabel = "PATH", defaultValue = "spore",
        description = "The spore command on the remote host (default: ${DEFAULT-VALUE}, found on its PATH).")
    String spore;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: use serve, submit, list, stop, logs,"
            + " shutdown, subscribe, subscribers or unsubscribe");
    }
}
