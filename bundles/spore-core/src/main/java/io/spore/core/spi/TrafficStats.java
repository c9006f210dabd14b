package io.spore.core.spi;

/**
 * What a node exchanged with other nodes since it started: "in" is what arrived from them, "out" what its own
 * processes and callers addressed to them.
 *
 * @param messagesIn  messages that arrived from other nodes (by pid or by name)
 * @param messagesOut messages handed to the transport for other nodes
 * @param callsIn     calls that arrived from other nodes
 * @param callsOut    calls made to processes on other nodes
 * @param spawnsIn    spawn requests that arrived from other nodes (granted or not)
 * @param spawnsOut   spawns this node asked other nodes for
 */
public record TrafficStats(long messagesIn, long messagesOut, long callsIn, long callsOut, long spawnsIn,
                           long spawnsOut) {
}
