package io.spore.distribution;

import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An attacker on the path, as a real UDP socket of its own: writes one Aeron data frame by hand into a live session
 * between two node processes, at the session, stream, term and offset the real sender would use next, sent from
 * another source address than the sender's. Aeron takes data for a known session from any source address.
 */
final class AeronFrameInjector implements AutoCloseable {
    private final DatagramSocket socket;

    /** @param sourceAddress the address to send from, e.g. {@code 127.0.0.2} (any address of the loopback net) */
    AeronFrameInjector(String sourceAddress) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
    }

    /**
     * Sends {@code message} as one unfragmented Aeron message at {@code next}.
     *
     * @param target the receiving node's UDP endpoint
     */
    void inject(NextFramePosition next, InetSocketAddress target, byte[] message) throws IOException {
        int frameLength = DataHeaderFlyweight.HEADER_LENGTH + message.length;
        byte[] datagram = new byte[BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT)];
        DataHeaderFlyweight header = new DataHeaderFlyweight(new UnsafeBuffer(datagram));
        header.frameLength(frameLength);
        header.version(HeaderFlyweight.CURRENT_VERSION);
        header.flags((short) DataHeaderFlyweight.BEGIN_AND_END_FLAGS);
        header.headerType(HeaderFlyweight.HDR_TYPE_DATA);
        header.termOffset(next.termOffset());
        header.sessionId(next.sessionId());
        header.streamId(next.streamId());
        header.termId(next.termId());
        System.arraycopy(message, 0, datagram, DataHeaderFlyweight.HEADER_LENGTH, message.length);
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    @Override
    public void close() {
        socket.close();
    }
}
