package io.spore.distribution;

import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import io.spore.wire.sbe.HelloDecoder;
import io.spore.wire.sbe.MessageHeaderDecoder;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A man in the middle for Aeron UDP between two node processes, as a third process on the path would be: node a is
 * routed to the relay's port, and the relay forwards every datagram to node b's port from a socket of its own;
 * what b's driver sends back to that socket (status messages and NAKs for a's sessions, which Aeron sends to the
 * source of the data) goes back to the address a's data came from. b answers a's Hello at a's own port (the Hello
 * names it), so b's data reaches a directly and a's status messages go straight back to b.
 *
 * <p>In {@link Mode#FLIP_FLAGS} the relay also flips bit 0 (remoteSpawnEnabled) of the NodeFlags in every Hello it
 * forwards, a downgrade in transit: it finds the Hello in each Aeron data frame of a datagram by the frame's own
 * length, Spore's SBE header after Aeron's 32-byte data header, and HelloDecoder's offsets.
 *
 * <p>Threading: one thread per direction; {@link #close()} ends both.
 */
final class UdpRelay implements AutoCloseable {
    /** What the relay does to the traffic it forwards. */
    enum Mode {
        /** Forwards every datagram unchanged. */
        FORWARD,
        /** Flips bit 0 of the NodeFlags of every Hello. */
        FLIP_FLAGS
    }

    private static final int MAX_DATAGRAM = 65_536;
    private final DatagramSocket fromA;
    private final DatagramSocket towardsB;
    private final InetSocketAddress b;
    private final Mode mode;
    private final AtomicInteger hellosFlipped = new AtomicInteger();
    private volatile SocketAddress lastSenderA;

    /**
     * @param b    node b's UDP endpoint
     * @param mode what to do to the traffic
     */
    UdpRelay(InetSocketAddress b, Mode mode) throws IOException {
        this.b = b;
        this.mode = mode;
        this.fromA = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.towardsB = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("udp-relay-a-to-b", this::pumpAToB);
        start("udp-relay-b-to-a", this::pumpBToA);
    }

    /** @return the port node a is routed to */
    int port() {
        return fromA.getLocalPort();
    }

    /** @return how many Hellos had a flag flipped on their way */
    int hellosFlipped() {
        return hellosFlipped.get();
    }

    private static void start(String name, Runnable pump) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pumpAToB() {
        byte[] bytes = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
        try {
            while (true) {
                packet.setLength(bytes.length);
                fromA.receive(packet);
                lastSenderA = packet.getSocketAddress();
                if (mode == Mode.FLIP_FLAGS) {
                    flipHelloFlags(bytes, packet.getLength());
                }
                towardsB.send(new DatagramPacket(bytes, packet.getLength(), b));
            }
        } catch (SocketException closed) {
            // close() ended the relay
        } catch (IOException e) {
            System.err.println("udp relay a->b stopped: " + e);
        }
    }

    private void pumpBToA() {
        byte[] bytes = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
        try {
            while (true) {
                packet.setLength(bytes.length);
                towardsB.receive(packet);
                SocketAddress a = lastSenderA;
                if (a != null) {
                    fromA.send(new DatagramPacket(bytes, packet.getLength(), a));
                }
            }
        } catch (SocketException closed) {
            // close() ended the relay
        } catch (IOException e) {
            System.err.println("udp relay b->a stopped: " + e);
        }
    }

    /** Flips bit 0 of the flags of every unfragmented Hello among the datagram's Aeron data frames. */
    private void flipHelloFlags(byte[] bytes, int length) {
        UnsafeBuffer datagram = new UnsafeBuffer(bytes, 0, length);
        DataHeaderFlyweight frame = new DataHeaderFlyweight();
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        int offset = 0;
        while (offset + DataHeaderFlyweight.HEADER_LENGTH <= length) {
            frame.wrap(datagram, offset, length - offset);
            int frameLength = frame.frameLength();
            if (frameLength <= 0 || offset + frameLength > length) {
                return; // a heartbeat (length 0) or not a data frame we can read: nothing more to look at
            }
            int body = offset + DataHeaderFlyweight.HEADER_LENGTH;
            if (frame.headerType() == HeaderFlyweight.HDR_TYPE_DATA
                && (frame.flags() & DataHeaderFlyweight.BEGIN_AND_END_FLAGS) == DataHeaderFlyweight.BEGIN_AND_END_FLAGS
                && frameLength >= DataHeaderFlyweight.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH
                    + HelloDecoder.flagsEncodingOffset() + 1) {
                header.wrap(datagram, body);
                if (header.templateId() == HelloDecoder.TEMPLATE_ID && header.schemaId() == HelloDecoder.SCHEMA_ID) {
                    int flags = body + MessageHeaderDecoder.ENCODED_LENGTH + HelloDecoder.flagsEncodingOffset();
                    bytes[flags] ^= 1;
                    hellosFlipped.incrementAndGet();
                }
            }
            offset += BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT);
        }
    }

    @Override
    public void close() {
        fromA.close();
        towardsB.close();
    }
}
