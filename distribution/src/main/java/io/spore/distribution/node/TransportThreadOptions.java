package io.spore.distribution.node;

import io.spore.distribution.framework.NodeConfig;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How the node's transport threads run: the media driver's threading and how its threads and the transport's agent
 * wait for work. The default (one driver thread, backing off into 1 ms parks) suits a shared host; {@code
 * --low-latency} gives each of those threads a core of its own, spinning, for machines with cores to spare.
 */
final class TransportThreadOptions {
    /** What {@code --low-latency} stands for. */
    static final String LOW_LATENCY_THREADING = "dedicated";
    static final String LOW_LATENCY_IDLE = "spin";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--threading", paramLabel = "MODE",
        description = "The embedded media driver's threads: shared (one thread; the default), shared-network (a"
            + " conductor and one network thread), dedicated (a conductor, a sender and a receiver) or invoker (none:"
            + " the transport's agent and waiting callers run the driver; the shortest calls on a small machine).")
    String threading;

    @Option(names = "--idle-strategy", paramLabel = "SPEC",
        description = "How the driver's threads and the transport's agent wait for work: backoff (the default: spin,"
            + " yield, then park up to 1 ms), yield, sleep[:MILLIS], spin (never waits: a core per thread) or"
            + " backoff:SPINS:YIELDS:MIN_PARK_US:MAX_PARK_US.")
    String idleStrategy;

    @Option(names = "--low-latency",
        description = "The low-latency profile: --threading dedicated --idle-strategy spin. Four threads spin on"
            + " their own cores (the driver's conductor, sender and receiver, and the transport's agent): only for"
            + " machines with cores to spare beyond the node's workers.")
    boolean lowLatency;

    /** @throws ParameterException when {@code --low-latency} is given with either of the settings it stands for */
    void check() {
        if (lowLatency && (threading != null || idleStrategy != null)) {
            throw new ParameterException(spec.commandLine(), "--low-latency sets --threading " + LOW_LATENCY_THREADING
                + " and --idle-strategy " + LOW_LATENCY_IDLE + ": give either the profile or the two settings");
        }
    }

    /** Copies the options into {@code config}; the values themselves are checked by the transport, which reads them. */
    NodeConfig applyTo(NodeConfig config) {
        check();
        return lowLatency
            ? config.transportThreading(LOW_LATENCY_THREADING).transportIdle(LOW_LATENCY_IDLE)
            : config.transportThreading(threading).transportIdle(idleStrategy);
    }
}
