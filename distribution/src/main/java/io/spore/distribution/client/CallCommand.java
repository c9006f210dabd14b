package io.spore.distribution.client;

import io.spore.api.Node;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** {@code spore call}: one call to a process on a node, from a short-lived client node; prints the reply. */
@Command(name = "call",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Calls a process on a running node and prints its reply, joining as a short-lived client node with the"
            + " cookie, and leaves.",
        "The request is the MESSAGE words joined by single spaces, sent as one string. Exit status 1, with the"
            + " reason on one line, when the node is down, no such process exists, or no reply comes in time.",
        ""
    })
public final class CallCommand extends ProcessClientCommand {
    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
        description = "How long to wait for the reply, e.g. 500ms or 10s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "The request, one or more words.")
    List<String> request;

    @Override
    void run(Node client, PrintWriter out) {
        out.println(to.call(client, node, String.join(" ", request), timeout));
    }

    @Override
    String doing() {
        return "call to " + to + " on " + node;
    }
}
