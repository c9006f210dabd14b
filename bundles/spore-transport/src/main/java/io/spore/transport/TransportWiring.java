package io.spore.transport;

import io.spore.core.spi.Inbound;
import io.spore.transport.security.Cookie;

import java.util.Queue;

/**
 * What a running transport's threads share beside their settings ({@link TransportContext}): made once by
 * {@link AeronTransport#start}, after the media driver and the endpoint are up, and handed whole to the connector,
 * the connections and the receive agent instead of a long list of arguments (Aeron's agents take their context the
 * same way).
 *
 * @param creation this node's incarnation, sent in every handshake
 * @param cookie   the cluster's cookie, which the handshake proves
 * @param counters what the transport has done and refused
 * @param endpoint where other nodes reach this one
 * @param inbound  where what arrives is delivered: the node's one {@link Inbound}
 * @param commands work other threads hand to the receive agent, run each duty cycle
 * @param opened   the connector's results, taken by the receive agent each duty cycle
 * @param flushes  how senders that left data frames staged get the receive agent to send them
 * @param confirmations the senders waiting for a peer to acknowledge what they sent, told of each Pong
 * @param wakes    who wakes whom among the transport's threads (the connector keeps the driver awake for its commands)
 * @param driver   the embedded driver's duty cycle, when the transport's threads run it
 */
record TransportWiring(int creation, Cookie cookie, TransportCounters counters, NodeEndpoint endpoint,
                       Inbound inbound, Queue<Runnable> commands, Queue<Connector.Opened> opened,
                       StagedFlushes flushes, Confirmations confirmations, IdleWakes wakes,
                       InvokedDriver driver) {
}
