package io.spore.distribution.client;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.NodeNameConverter;
import io.spore.distribution.cli.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code spore ping}: is a node up, and how far away? A round trip is a call from the client node to the name
 * {@value #PROBE_NAME} on the target node, which no process registers: the target's core answers it at once with
 * "no such process", so the time covers both transports and the target's core, and no process of the target's.
 */
@Command(name = "ping",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Checks that a node is up and prints the round-trip time to it, joining as a short-lived client node with"
            + " the cookie, and leaves.",
        "A round trip is a call that the node's core answers at once, through both transports. The first round"
            + " trip also connects (name lookup and cookie handshake) and is reported apart.",
        "Exit status 1, with the reason on one line, when the node cannot be reached or does not answer in time.",
        ""
    })
public final class PingCommand extends ClientCommand {
    /** Reserved: the call of a ping is addressed to this name, which no process should register. */
    static final String PROBE_NAME = "spore.ping";

    @Parameters(index = "0", paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node to ping, for example demo@localhost.")
    NodeName node;

    @Option(names = "--count", paramLabel = "N", defaultValue = "5",
        description = "Round trips to time after the first (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
        description = "How long to wait for each answer, e.g. 500ms or 10s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    NodeName target() {
        return node;
    }

    @Override
    void validate() {
        if (count < 1 || count > 10_000) {
            throw new ParameterException(spec.commandLine(), "--count must be from 1 to 10000, not " + count);
        }
    }

    @Override
    void run(Node client, PrintWriter out) {
        long connectNs = roundTrip(client);
        long[] roundTripsNs = new long[count];
        for (int i = 0; i < count; i++) {
            roundTripsNs[i] = roundTrip(client);
        }
        Arrays.sort(roundTripsNs);
        out.println("pong from " + node + ": round trip " + millis(roundTripsNs[(count - 1) / 2]) + " (median of "
            + count + ", min " + millis(roundTripsNs[0]) + ", max " + millis(roundTripsNs[count - 1])
            + "); the first, which connected, took " + millis(connectNs));
    }

    /** @return the nanoseconds one call took to be answered */
    private long roundTrip(Node client) {
        long startNs = System.nanoTime();
        try {
            client.call(Name.of(PROBE_NAME), node, "ping", timeout);
        } catch (SporeException e) {
            if (e.reason() != SporeException.Reason.NO_PROCESS) {
                throw e;
            }
            // The expected answer: the node's core looked the name up and said so.
        }
        return System.nanoTime() - startNs;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    @Override
    String doing() {
        return "ping of " + node;
    }
}
