package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.Reply;
import io.spore.launcher.Request;
import io.spore.launcher.Subscription;

import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** {@code spore launch subscribers}: who the daemon notifies, and how far along each is. */
@Command(name = "subscribers",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Lists the subscribers the daemon notifies: address, filter, delivered, pending, connected.", ""})
final class LaunchSubscribersCommand extends LaunchClientCommand {
    @Override
    Request request() {
        return Request.of("subscribers");
    }

    @Override
    List<String> remoteArguments() {
        return List.of();
    }

    @Override
    void print(Reply reply, PrintWriter out) {
        List<Subscription> subscribers = reply.subscribers() == null ? List.of() : reply.subscribers();
        if (subscribers.isEmpty()) {
            out.println("no subscribers");
            return;
        }
        for (Subscription s : subscribers) {
            out.println(s.address() + "  filter " + s.filter() + "  delivered " + s.delivered() + "  pending "
                + s.pending() + (s.connected() ? "  connected" : "  not connected"));
        }
    }
}
