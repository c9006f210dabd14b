package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.Request;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code spore launch unsubscribe HOST:PORT}: the daemon forgets a subscriber. */
@Command(name = "unsubscribe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Removes a subscriber; what was waiting for it is dropped.", ""})
final class LaunchUnsubscribeCommand extends LaunchClientCommand {
    @Parameters(paramLabel = "HOST:PORT", description = "The subscriber's address as registered.")
    String address;

    @Override
    Request request() {
        return Request.unsubscribe(address);
    }

    @Override
    List<String> remoteArguments() {
        return List.of(address);
    }
}
