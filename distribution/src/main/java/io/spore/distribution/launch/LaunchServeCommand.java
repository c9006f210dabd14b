package io.spore.distribution.launch;

import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.LaunchDaemon;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spore launch serve}: runs the launch daemon in the foreground until {@code spore launch shutdown}, Ctrl-C
 * or SIGTERM, each of which stops its programs first.
 */
@Command(name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs the launch daemon in the foreground: it accepts requests from this user only, on a Unix socket, runs"
            + " the programs submitted to it, keeps the latest output of each, and notifies subscribers when they"
            + " end. 'spore launch shutdown', Ctrl-C or SIGTERM stop every program and then the daemon.",
        ""
    })
final class LaunchServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LaunchCommand launch;

    @Option(names = "--log-size", paramLabel = "KIB", defaultValue = "64",
        description = "How many KiB of each program's latest output to keep (default: ${DEFAULT-VALUE}).")
    int logKib;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
        description = "Time between TERM and KILL when stopping a program (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() throws Exception {
        if (launch.host != null) {
            List<String> args = List.of("--log-size", Integer.toString(logKib), "--grace",
                DurationConverter.format(grace));
            return new RemoteLaunch(launch, spec.name(), args, null).run();
        }
        PrintStream log = System.out;
        LaunchDaemon daemon = LaunchDaemon.start(new LaunchDaemon.Context()
            .socket(launch.socket)
            .logBytes(logKib * 1024)
            .grace(grace)
            .log(log));
        Thread onSignal = new Thread(daemon::close, "launch-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        log.println("launcher serving on " + daemon.socket() + " (pid " + ProcessHandle.current().pid() + ")");
        log.flush();
        daemon.awaitShutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // Already shutting down on a signal: the hook closes the daemon.
        }
        log.println("launcher on " + daemon.socket() + " stopped");
        return 0;
    }
}
