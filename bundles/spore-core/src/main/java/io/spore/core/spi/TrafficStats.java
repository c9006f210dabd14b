package io.spore.core.spi;

/**
 * What a node exchanged with other nodes: "in" is what arrived from them, "out" what its own processes and callers
 * sent them. Counted by the transport, frame by frame.
 *
 * @param messagesIn  messages that arrived from other nodes (by pid, by name, important)
 * @param messagesOut messages sent to other nodes (taken by the transport's publications)
 * @param callsIn     calls that arrived from other nodes
 * @param callsOut    calls sent to processes on other nodes
 * @param spawnsIn    spawn requests that arrived from other nodes (granted or not)
 * @param spawnsOut   spawn requests sent to other nodes
 */
public record TrafficStats(long messagesIn, long messagesOut, long callsIn, long callsOut, long spawnsIn,
                           long spawnsOut) {
    /** No traffic. */
    public static final TrafficStats NONE = new TrafficStats(0, 0, 0, 0, 0, 0);

    /**
     * @param other the figures to add
     * @return the sum of this and {@code other}, figure by figure
     */
    public TrafficStats plus(TrafficStats other) {
        return new TrafficStats(messagesIn + other.messagesIn, messagesOut + other.messagesOut,
            callsIn + other.callsIn, callsOut + other.callsOut, spawnsIn + other.spawnsIn,
            spawnsOut + other.spawnsOut);
    }
}
