package io.spore.distribution.launch;

import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.Request;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** {@code spore launch shutdown}: stops every program, then the daemon. */
@Command(name = "shutdown",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Stops every program (TERM, then KILL after the grace period), then the daemon.", ""})
final class LaunchShutdownCommand extends LaunchClientCommand {
    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Time between TERM and KILL (default: the daemon's).")
    Duration grace;

    @Override
    Request request() {
        return new Request("shutdown", null, null, null, null, grace == null ? null : grace.toMillis(), null);
    }

    @Override
    List<String> remoteArguments() {
        return grace == null ? List.of() : List.of("--grace", DurationConverter.format(grace));
    }
}
