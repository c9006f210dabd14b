package io.spore.distribution.client;

import io.spore.api.NodeName;
import io.spore.distribution.cli.NodeNameConverter;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** A client command addressed to one process on one node: the shared {@code --node} and {@code --to} options. */
abstract class ProcessClientCommand extends ClientCommand {
    @Option(names = "--node", required = true, paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node the process runs on, for example demo@localhost.")
    NodeName node;

    @Option(names = "--to", required = true, paramLabel = "NAME|PID", converter = ClientTarget.Converter.class,
        description = "A name registered on the node, or a pid such as <demo@localhost.42.7> (quote it, or leave"
            + " the brackets out).")
    ClientTarget to;

    @Override
    NodeName target() {
        return node;
    }

    /** A pid of another node than {@code --node} is a usage error, not a message sent somewhere unexpected. */
    @Override
    void validate() {
        String mismatch = to.mismatch(node);
        if (mismatch != null) {
            throw new ParameterException(spec.commandLine(), mismatch);
        }
    }
}
