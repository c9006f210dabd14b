package io.spore.transport;

import java.time.Duration;

/**
 * The times that govern a connection's liveness: how often a node beats its heart to a peer, how long a silent peer
 * has before it counts as down, and what follows from those (how long an attempt may take to connect, how long a
 * signal may wait out back-pressure). Immutable; a transport swaps in a new one when its configuration changes them
 * ({@link AeronTransport#retime}), and every use reads the current one, so they apply at once without dropping a
 * connection: a peer is judged by the new detection timeout from its next check.
 *
 * @param heartbeatNs      the heartbeat interval
 * @param detectionNs      silence past a due heartbeat after which a connected peer is down
 * @param connectTimeoutNs how long a connection attempt may take from its first step to the end of its handshake
 * @param signalTimeoutNs  how long a signal or a reply may wait out back-pressure: at least the detection timeout
 */
record LinkTimes(long heartbeatNs, long detectionNs, long connectTimeoutNs, long signalTimeoutNs) {
    /** @return the times {@code context} sets (concluded, so they are consistent) */
    static LinkTimes of(TransportContext context) {
        return of(context.heartbeatInterval(), context.detectionTimeout(), context.lookupTimeout(),
            context.backPressureTimeout());
    }

    static LinkTimes of(Duration heartbeat, Duration detection, Duration lookup, Duration backPressure) {
        long detectionNs = detection.toNanos();
        return new LinkTimes(heartbeat.toNanos(), detectionNs, lookup.toNanos() + detectionNs,
            Math.max(backPressure.toNanos(), detectionNs));
    }
}
