/**
 * The transport that links Spore nodes: Aeron over UDP, with a media driver embedded in each node or shared by the
 * nodes of a host.
 *
 * <p>{@link io.spore.transport.TransportContext} holds the settings; {@link io.spore.transport.MediaDriverHost}
 * runs the driver and the Aeron client; {@link io.spore.transport.NodeEndpoint} is where other nodes reach this
 * one, a control and a data stream on one UDP port. The cookie handshake is in {@code security}, the per-host name
 * service in {@code naming}.
 *
 * <p>Private to this bundle, like the Aeron classes embedded in it.
 */
package io.spore.transport;
