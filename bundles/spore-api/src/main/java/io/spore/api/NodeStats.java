package io.spore.api;

/**
 * Counters of a node since it started. Each is read independently, so the set is not one atomic snapshot.
 *
 * @param processes         processes alive now
 * @param spawned           processes successfully spawned
 * @param spawnFailures     spawns refused or whose {@code init} failed
 * @param exited            processes that ended
 * @param crashed           processes that ended because a handler threw
 * @param messagesDelivered messages handled by local processes (counted per turn, so it lags slightly)
 * @param messagesDropped   messages dropped because their target did not exist (Erlang's semantics)
 * @param calls             calls made
 * @param callTimeouts      calls that timed out
 * @param remoteSpawned     processes spawned here at another node's request
 * @param remoteSpawnDenied remote spawn requests refused here: remote spawn disabled, unknown or disabled name,
 *                          or a requester not on the name's access list
 */
public record NodeStats(long processes, long spawned, long spawnFailures, long exited, long crashed,
                        long messagesDelivered, long messagesDropped, long calls, long callTimeouts,
                        long remoteSpawned, long remoteSpawnDenied) {

    /**
     * The counters without the remote-spawn ones (zero), as before they existed.
     *
     * @param processes         processes alive now
     * @param spawned           processes successfully spawned
     * @param spawnFailures     spawns refused or whose {@code init} failed
     * @param exited            processes that ended
     * @param crashed           processes that ended because a handler threw
     * @param messagesDelivered messages handled by local processes
     * @param messagesDropped   messages dropped because their target did not exist
     * @param calls             calls made
     * @param callTimeouts      calls that timed out
     */
    public NodeStats(long processes, long spawned, long spawnFailures, long exited, long crashed,
                     long messagesDelivered, long messagesDropped, long calls, long callTimeouts) {
        this(processes, spawned, spawnFailures, exited, crashed, messagesDelivered, messagesDropped, calls,
            callTimeouts, 0, 0);
    }
}
