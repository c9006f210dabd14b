package io.spore.transport;

import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;

/**
 * Aeron channel URIs of the node's UDP traffic: one endpoint per node, on which the control and the data stream
 * both arrive (they differ by stream id only, so one UDP port serves both).
 *
 * <p>Thread-safe: stateless.
 */
public final class Channels {
    private Channels() {
    }

    /**
     * The channel tag makes the endpoint this node's own: both of its subscriptions find the one socket by the tag
     * (with an ephemeral port there is no other way to name it), and a node sharing an external driver that asks for
     * the same address and port gets a bind error instead of silently sharing the socket and the other's traffic.
     *
     * @param bindAddress the local address to bind, numeric
     * @param port        the UDP port, 0 for one the system chooses
     * @param channelTag  a tag unique within the media driver, such as {@code Aeron.nextCorrelationId()}
     * @return the channel a node subscribes to for what other nodes send it
     */
    public static String inbound(String bindAddress, int port, long channelTag) {
        return new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint(endpoint(bindAddress, port))
            .tags(Long.toString(channelTag))
            .build();
    }

    /**
     * The term length travels in the URI so that the sender's choice holds even on an external driver configured
     * with other defaults.
     *
     * @param address the peer's address, numeric
     * @param port    the peer's UDP port
     * @param context the concluded transport settings (term length, sparse buffers)
     * @return the channel a node publishes on to reach that peer
     */
    public static String outbound(String address, int port, TransportContext context) {
        return outbound(address, port, context, null);
    }

    /**
     * @param address   the peer's address, numeric
     * @param port      the peer's UDP port
     * @param context   the concluded transport settings (term length, sparse buffers)
     * @param sessionId the Aeron session id the publication must use, or {@code null} for one the driver picks: the
     *                  data stream reuses the control stream's, so the peer maps both to one connection
     * @return the channel a node publishes on to reach that peer
     */
    public static String outbound(String address, int port, TransportContext context, Integer sessionId) {
        return new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint(endpoint(address, port))
            .termLength(context.termBufferLength())
            .sparse(context.termBufferSparse())
            .sessionId(sessionId)
            .build();
    }

    /** @return {@code address:port}, with an IPv6 address in brackets as Aeron expects */
    static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
