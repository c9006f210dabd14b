package io.spore.distribution.launch;

import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.Request;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code spore launch stop LABEL...}: TERM, then KILL after the grace period; waits until they have ended. */
@Command(name = "stop",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Stops programs: TERM, then KILL (to them and what they started) when they still run after the grace"
            + " period. Waits until they have ended and says how. An unknown label stops nothing.",
        ""
    })
final class LaunchStopCommand extends LaunchClientCommand {
    @Parameters(paramLabel = "LABEL", arity = "1..*", description = "The labels to stop.")
    List<String> labels;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Time between TERM and KILL (default: the daemon's, 5s unless serve was given another).")
    Duration grace;

    @Override
    Request request() {
        return Request.stop(labels, grace == null ? null : grace.toMillis());
    }

    @Override
    List<String> remoteArguments() {
        List<String> args = new ArrayList<>();
        if (grace != null) {
            args.add("--grace");
            args.add(DurationConverter.format(grace));
        }
        args.add("--");
        args.addAll(labels);
        return args;
    }
}
