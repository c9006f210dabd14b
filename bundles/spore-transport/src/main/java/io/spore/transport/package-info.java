/**
 * The transport that links Spore nodes: Aeron over UDP, with a media driver embedded in each node or shared by the
 * nodes of a host.
 *
 * <p>{@link io.spore.transport.AeronTransport} is the node's router and the entry point: it starts the rest and
 * documents what a sender sees. {@link io.spore.transport.TransportContext} holds the settings and
 * {@link io.spore.transport.TransportWiring} what the running parts share; {@link io.spore.transport.MediaDriverHost}
 * runs the driver and the Aeron client; {@link io.spore.transport.NodeEndpoint} is where other nodes reach this one,
 * a control, a data and a large-message stream on one UDP port. The path of a frame, in order:
 * {@link io.spore.transport.FrameWriter} encodes it on the sender's thread; the peer's
 * {@link io.spore.transport.Association} offers it (or queues it while it is being made, or waits out back-pressure)
 * and {@link io.spore.transport.PeerPublications} carries it; on the
 * other node {@link io.spore.transport.TransportAgent} polls it, {@link io.spore.transport.HandshakeProtocol} runs
 * handshakes, {@link io.spore.transport.Connections} keeps the associations by name and session and says which nodes
 * are up, {@link io.spore.transport.DataBarrier} keeps calls behind the messages sent before them, and
 * {@link io.spore.transport.InboundFrameAdapter} hands the node what the frame says. The
 * {@link io.spore.transport.Connector} does the blocking part of making a connection off the agent's thread, and
 * {@link io.spore.transport.TransportCounters} counts, per frame type, in per-thread
 * {@link io.spore.transport.Tally tallies}. The cookie's proofs are in {@code security}, node identities (keys,
 * certificates, trust stores) in {@code identity}, the keys and the sealing of messages between nodes in
 * {@code seal}, the per-host name service in {@code naming}, the bundle's activator in {@code osgi}.
 *
 * <p>Private to this bundle, like the Aeron classes embedded in it.
 */
package io.spore.transport;
