package io.spore.transport;

import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;

/**
 * Aeron channel URIs of the node's UDP traffic: one endpoint per node, on which the control, the data and the
 * large-message stream all arrive (they differ by stream id only, so one UDP port serves the three).
 *
 * <p>Thread-safe: stateless.
 */
public final class Channels {
    /** For {@link #outbound(String, int, TransportContext, Integer, long, int)}: a stream that begins at 0. */
    static final long FROM_START = -1;

    private Channels() {
    }

    /**
     * The channel tag makes the endpoint this node's own: each of its subscriptions finds the one socket by the tag
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
        return outbound(endpoint(address, port), context.termBufferLength(), context, sessionId, FROM_START, 0);
    }

    /**
     * A channel with a term length of its own, which may go on where an earlier publication of the same stream to the
     * peer ended: the large-message stream has a shorter term ({@link TransportContext#largeTermBufferLength()}), and
     * when it opens again after closing while idle its positions run on from there ({@link LargeStream}).
     *
     * @param endpoint      the peer's {@code address:port}, as {@link #endpoint} writes it
     * @param termLength    the term length of the publication's log
     * @param context       the concluded transport settings (sparse buffers)
     * @param sessionId     as for {@link #outbound(String, int, TransportContext, Integer)}
     * @param endPosition   where the earlier publication ended, or {@link #FROM_START}
     * @param initialTermId the earlier publication's initial term id; not read from the start
     * @return the channel a node publishes that stream on
     */
    static String outbound(String endpoint, int termLength, TransportContext context, Integer sessionId,
                           long endPosition, int initialTermId) {
        ChannelUriStringBuilder channel = new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint(endpoint)
            .termLength(termLength)
            .sparse(context.termBufferSparse())
            .sessionId(sessionId);
        if (endPosition != FROM_START) {
            channel.initialPosition(endPosition, initialTermId, termLength);
        }
        return channel.build();
    }

    /** @return {@code address:port}, with an IPv6 address in brackets as Aeron expects */
    static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
