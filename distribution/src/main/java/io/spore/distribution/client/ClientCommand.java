package io.spore.distribution.client;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.distribution.cli.NetworkOptions;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.NodeConfig;
import io.spore.distribution.framework.TransportLog;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What {@code spore send}, {@code call}, {@code spawn} and {@code ping} share: join as a {@link ClientNode} with the network
 * options, do one thing, leave. A failure the user can act on (the node is down, no such process, a timeout) is
 * one line on standard error and exit status 1; bad arguments are one line and status 2.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Option(names = "--verbose",
        description = "Say how long the client node took to join, and log the framework's debug messages.")
    boolean verbose;

    /** @return the node this command talks to */
    abstract NodeName target();

    /** Checks the arguments beyond what their converters can; throws a ParameterException for a usage error. */
    void validate() {
    }

    /**
     * Does the command's work on the joined client node.
     *
     * @throws SporeException when it fails; reported in one line by {@link #call()}
     */
    abstract void run(Node client, PrintWriter out);

    /** @return what the command was doing, for the failure line: "call to echo on a@localhost" */
    abstract String doing();

    @Override
    public final Integer call() {
        validate();
        if (verbose) {
            OneLineLogging.verbose();
        } else {
            OneLineLogging.quiet();
        }
        NodeConfig config = network.applyTo(new NodeConfig()).verbose(verbose);
        PrintWriter out = spec.commandLine().getOut();
        TransportLog transportLog = new TransportLog();
        try (ClientNode client = ClientNode.join(config, target())) {
            if (client.transportPort().isEmpty() && client.transportError().isPresent()) {
                throw new ActionableException("the client node's transport did not start, so it cannot reach " + target()
                    + ": " + client.transportError().get());
            }
            if (verbose) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("joined as " + client.node().name() + " in " + client.startup().toMillis() + " ms");
                err.flush();
            }
            run(client.node(), out);
            out.flush();
            return 0;
        } catch (SporeException e) {
            // NODE_DOWN says only that the node is gone; the transport's last warning usually says why.
            String why = e.reason() == SporeException.Reason.NODE_DOWN
                ? transportLog.lastWarning().map(warning -> "; " + warning).orElse("") : "";
            throw new ActionableException(doing() + " failed: " + e.getMessage() + " (" + e.reason() + ")" + why, e);
        } finally {
            transportLog.close();
        }
    }
}
