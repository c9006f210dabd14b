package io.spore.distribution.client;

import io.spore.api.Node;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.distribution.cli.Await;
import io.spore.distribution.cli.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** {@code spore send}: one message to a process on a node, from a short-lived client node. */
@Command(name = "send",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Sends a message to a process on a running node, joining as a short-lived client node with the cookie,"
            + " and leaves.",
        "The message is the MESSAGE words joined by single spaces, sent as one string. The command returns once"
            + " the connection carrying it is up. A send is not answered, and one to a name or pid that does not exist"
            + " on the node is dropped there, as in Erlang, unless --important asks the node to confirm delivery:"
            + " use 'spore call' to see a reply.",
        ""
    })
public final class SendCommand extends ProcessClientCommand {
    /** How long to wait for the connection that carries the message. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--important", description = "Wait until the node confirms the message is in the process's"
        + " mailbox, and fail (NO_PROCESS) when the process does not exist (--to a pid only).")
    boolean important;

    @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "The message, one or more words.")
    List<String> message;

    @Override
    void run(Node client, PrintWriter out) {
        String text = String.join(" ", message);
        if (important) {
            if (to.pid() == null) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "--important needs --to a pid:"
                    + " a send to a registered name on another node is not confirmed");
            }
            client.send(to.pid(), text, SendOptions.IMPORTANT); // returns once the node has confirmed delivery
            return;
        }
        to.send(client, node, text);
        // The message waits in the transport's queue until the handshake completes; leaving before that loses it.
        if (!Await.until(CONNECT_TIMEOUT, () -> client.connectedNodes().contains(node))) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "no connection to " + node + " within "
                + CONNECT_TIMEOUT.toSeconds() + " s, so the message was not delivered");
        }
    }

    @Override
    String doing() {
        return "sending to " + to + " on " + node;
    }
}
