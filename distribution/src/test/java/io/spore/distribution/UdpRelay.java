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
 * routed to the relay's port, and the relay forwards a's datagrams to node b's port from a socket of its own; what
 * b's driver sends back to that socket (status messages and NAKs for a's sessions, which Aeron sends to the source
 * of the data) goes back to a's sender. b answers a's Hello at the port the Hello names, so unless the relay
 * rewrites it, b's data reaches a directly.
 *
 * <p>{@link Mode#FLIP_FLAGS} flips bit 0 (remoteSpawnEnabled) of the NodeFlags of every Hello, a downgrade in transit;
 * {@link Mode#REDIRECT_ENDPOINT} rewrites the Hello's endpoint to the relay's own port (same length), so b answers
 * through the relay too, and the relay passes b's frames to a's port and a's status messages back to b's sender. The
 * relay finds a Hello in each Aeron data frame of a datagram by the frame's own length, Spore's SBE header after
 * Aeron's 32-byte data header, and HelloDecoder's offsets.
 *
 * <p>Threading: one thread per socket; {@link #close()} ends both.
 */
final class UdpRelay implements AutoCloseable {
    /** What the relay does to the traffic it forwards. */
    enum Mode {
        /** Forwards every datagram unchanged. */
        FORWARD,
        /** Flips bit 0 of the NodeFlags of every Hello. */
        FLIP_FLAGS,
        /** Rewrites the endpoint of every Hello to the relay's port. */
        REDIRECT_ENDPOINT
    }

    private static final int MAX_DATAGRAM = 65_536;
    /** Faces a: a is routed here, and b's answers come here when the Hello was redirected. */
    private final DatagramSocket near;
    /** Faces b: a's datagrams go to b from here, and b's status messages for a's sessions come back here. */
    private final DatagramSocket far;
    private final InetSocketAddress a;
    private final InetSocketAddress b;
    private final Mode mode;
    private final AtomicInteger hellosChanged = new AtomicInteger();
    private volatile SocketAddress senderA;
    private volatile SocketAddress senderB;

    /**
     * @param a    node a's UDP endpoint, where it receives
     * @param b    node b's UDP endpoint
     * @param mode what to do to the traffic
     */
    UdpRelay(InetSocketAddress a, InetSocketAddress b, Mode mode) throws IOException {
        this.a = a;
        this.b = b;
        this.mode = mode;
        this.near = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.far = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("udp-relay-near", this::pumpNear);
        start("udp-relay-far", this::pumpFar);
    }

    /** @return the port node a is routed to */
    int port() {
        return near.getLocalPort();
    }

    /** @return how many Hellos the relay changed on their way */
    int hellosChanged() {
        return hellosChanged.get();
    }

    private static void start(String name, Runnable pump) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * From a's sender (the first to send here): on to b. From a's receiver: status messages for b's session, back to
     * b's sender. From anyone else: b's frames sent here because the Hello named the relay, on to a. Whatever goes
     * to a sender leaves from this socket, since Aeron connects a unicast publication's socket to its endpoint.
     */
    private void pumpNear() {
        byte[] bytes = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
        try {
            while (true) {
                packet.setLength(bytes.length);
                near.receive(packet);
                SocketAddress source = packet.getSocketAddress();
                if (senderA == null) {
                    senderA = source;
                }
                if (source.equals(senderA)) {
                    if (mode != Mode.FORWARD) {
                        changeHellos(bytes, packet.getLength());
                    }
                    far.send(new DatagramPacket(bytes, packet.getLength(), b));
                } else if (source.equals(a)) {
                    SocketAddress to = senderB;
                    if (to != null) {
                        // From this socket: b's sender, a unicast publication, connected its socket to the relay.
                        near.send(new DatagramPacket(bytes, packet.getLength(), to));
                    }
                } else {
                    senderB = source;
                    near.send(new DatagramPacket(bytes, packet.getLength(), a));
                }
            }
        } catch (SocketException closed) {
            // close() ended the relay
        } catch (IOException | RuntimeException e) {
            System.err.println("udp relay (a's side) stopped: " + e);
        }
    }

    /** b's status messages and NAKs for a's sessions: back to a's sender. */
    private void pumpFar() {
        byte[] bytes = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
        try {
            while (true) {
                packet.setLength(bytes.length);
                far.receive(packet);
                SocketAddress to = senderA;
                if (to != null) {
                    near.send(new DatagramPacket(bytes, packet.getLength(), to));
                }
            }
        } catch (SocketException closed) {
            // close() ended the relay
        } catch (IOException | RuntimeException e) {
            System.err.println("udp relay (b's side) stopped: " + e);
        }
    }

    /** Changes every unfragmented Hello among the datagram's Aeron data frames, as the mode says. */
    private void changeHellos(byte[] bytes, int length) {
        UnsafeBuffer datagram = new UnsafeBuffer(bytes, 0, length);
        DataHeaderFlyweight frame = new DataHeaderFlyweight();
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        int offset = 0;
        while (offset + DataHeaderFlyweight.HEADER_LENGTH <= length) {
            frame.wrap(datagram, offset, length - offset);
            int frameLength = frame.frameLength();
            if (frameLength <= 0 || offset + frameLength > length) {
                return; // a heartbeat (length 0) or not a frame we can read: nothing more to look at
            }
            int body = offset + DataHeaderFlyweight.HEADER_LENGTH;
            if (frame.headerType() == HeaderFlyweight.HDR_TYPE_DATA
                && (frame.flags() & DataHeaderFlyweight.BEGIN_AND_END_FLAGS) == DataHeaderFlyweight.BEGIN_AND_END_FLAGS
                && frameLength >= DataHeaderFlyweight.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH
                    + HelloDecoder.BLOCK_LENGTH) {
                header.wrap(datagram, body);
                if (header.templateId() == HelloDecoder.TEMPLATE_ID && header.schemaId() == HelloDecoder.SCHEMA_ID) {
                    if (mode == Mode.FLIP_FLAGS) {
                        bytes[body + MessageHeaderDecoder.ENCODED_LENGTH + HelloDecoder.flagsEncodingOffset()] ^= 1;
                    } else {
                        redirect(datagram, body);
                    }
                    hellosChanged.incrementAndGet();
                }
            }
            offset += BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT);
        }
    }

    /** Rewrites the port of the Hello's endpoint ("host:port") at {@code offset} to the relay's, of the same length. */
    private void redirect(UnsafeBuffer datagram, int offset) {
        HelloDecoder hello = new HelloDecoder().wrapAndApplyHeader(datagram, offset, new MessageHeaderDecoder());
        hello.skipNodeName();
        int lengthAt = hello.limit();
        int endpointLength = hello.endpointLength();
        int textAt = lengthAt + HelloDecoder.endpointHeaderLength();
        String endpoint = datagram.getStringWithoutLengthAscii(textAt, endpointLength);
        String redirected = endpoint.substring(0, endpoint.lastIndexOf(':') + 1) + port();
        if (redirected.length() != endpoint.length()) {
            throw new IllegalStateException("cannot redirect " + endpoint + " to port " + port()
                + " in place: the lengths differ");
        }
        datagram.putStringWithoutLengthAscii(textAt, redirected);
    }

    @Override
    public void close() {
        near.close();
        far.close();
    }
}
