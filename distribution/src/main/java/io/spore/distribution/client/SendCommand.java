package io.spore.distribution.client;

import io.spore.api.Node;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.distribution.cli.DurationConverter;
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
        "The message is the MESSAGE words joined by single spaces, sent as one string. The command waits until the"
            + " node has acknowledged the message (it read it and handed it to the process's mailbox, or dropped it"
            + " because no such name or pid exists there, as in Erlang: use --important to learn that, or 'spore"
            + " call' to see a reply); datagrams lost on the way are sent again meanwhile.",
        "Exit status 0 means the node has the message. Otherwise the status is 1 with the reason on one line:"
            + " NODE_DOWN when the message was not delivered (no connection to the node came up), NOT_CONFIRMED"
            + " when it may or may not have arrived (the node went down or did not acknowledge within --timeout);"
            + " retry then only if a duplicate does no harm, or if the send had a --delivery-id: run the same"
            + " command again with the same id, and the node delivers the message at most once.",
        ""
    })
public final class SendCommand extends ProcessClientCommand {
    @Option(names = "--important", description = "Wait until the node confirms the message is in the process's"
        + " mailbox, and fail (NO_PROCESS) when the process does not exist (--to a pid only).")
    boolean important;

    @Option(names = "--delivery-id", paramLabel = "ID", defaultValue = "0", description = "Send as --important,"
        + " with this id (a whole number, not 0). If the send fails with NOT_CONFIRMED, run the same command again"
        + " with the same id: the node delivers the message at most once, while it remembers the id (it keeps the"
        + " last 65,536 it delivered). Use a new id for each new message, one that no other client uses for"
        + " that process: a random number, or the time in nanoseconds.")
    long deliveryId;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
        description = "How long to wait for the node to acknowledge the message, connecting included, e.g. 500ms"
            + " or 20s (default: ${DEFAULT-VALUE}; an --important send waits up to 5 s for its confirmation).")
    Duration timeout;

    @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "The message, one or more words.")
    List<String> message;

    @Override
    void run(Node client, PrintWriter out) {
        String text = String.join(" ", message);
        if (important || deliveryId != 0) {
            if (to.pid() == null) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, (important ? "--important"
                    : "--delivery-id") + " needs --to a pid: a send to a registered name on another node is not"
                    + " confirmed");
            }
            SendOptions options = deliveryId == 0 ? SendOptions.IMPORTANT
                : SendOptions.IMPORTANT.withDeliveryId(deliveryId);
            client.send(to.pid(), text, options); // returns once the node has confirmed delivery
            return;
        }
        to.send(client, node, text);
        // The message may still wait for the connection, or be on the wire: leaving now could lose it.
        client.awaitDelivery(node, timeout);
    }

    @Override
    String doing() {
        return "sending to " + to + " on " + node;
    }
}
