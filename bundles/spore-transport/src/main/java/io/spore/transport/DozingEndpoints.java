package io.spore.transport;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ReceiveChannelEndpointSupplier;
import io.aeron.driver.SendChannelEndpointSupplier;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.SendChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.InetSocketAddress;

/**
 * Aeron's own UDP endpoints, which also register their sockets with the driver's {@link SocketDoze} when they open
 * them and leave it when they close: the node's inbound endpoint (where peers' frames arrive) and each publication's
 * endpoint (where the peer's status messages and NAKs arrive). The inbound endpoint also tells when a datagram
 * brought a peer's frames, not only Aeron's heartbeat (a bare data header), so that the driver wakes the transport
 * agent for what it can read and not for Aeron's keep-alives ({@link IdleWakes}). Aeron's endpoint suppliers are its
 * extension point for this; nothing else about the endpoints changes.
 *
 * <p>Threading: the suppliers and the endpoints' open and close run on the driver's conductor thread; the data
 * arrivals on its receiver thread, which is the dozing thread.
 */
final class DozingEndpoints {
    private DozingEndpoints() {
    }

    /**
     * @param doze        watches the endpoints' sockets
     * @param dataArrived run on the receiving thread for each datagram that carries more than a data header
     * @return a supplier of inbound endpoints watched by {@code doze}
     */
    static ReceiveChannelEndpointSupplier receiving(SocketDoze doze, Runnable dataArrived) {
        return (UdpChannel channel, DataPacketDispatcher dispatcher, AtomicCounter status, MediaDriver.Context ctx) ->
            new Receiving(channel, dispatcher, status, ctx, doze, dataArrived);
    }

    /** @return a supplier of publication endpoints watched by {@code doze} */
    static SendChannelEndpointSupplier sending(SocketDoze doze) {
        return (UdpChannel channel, AtomicCounter status, MediaDriver.Context ctx) ->
            new Sending(channel, status, ctx, doze);
    }

    private static final class Receiving extends ReceiveChannelEndpoint {
        private final SocketDoze doze;
        private final Runnable dataArrived;

        Receiving(UdpChannel channel, DataPacketDispatcher dispatcher, AtomicCounter status, MediaDriver.Context ctx,
                  SocketDoze doze, Runnable dataArrived) {
            super(channel, dispatcher, status, ctx);
            this.doze = doze;
            this.dataArrived = dataArrived;
        }

        @Override
        public int onDataPacket(DataHeaderFlyweight header, UnsafeBuffer buffer, int length,
                                InetSocketAddress srcAddress, int transportIndex) {
            if (length > DataHeaderFlyweight.HEADER_LENGTH) { // an Aeron heartbeat is the header alone
                dataArrived.run();
            }
            return super.onDataPacket(header, buffer, length, srcAddress, transportIndex);
        }

        @Override
        public void openDatagramChannel(AtomicCounter statusIndicator) {
            super.openDatagramChannel(statusIndicator);
            doze.register(receiveDatagramChannel());
        }

        @Override
        public void close() {
            doze.deregister(receiveDatagramChannel());
            super.close();
        }
    }

    private static final class Sending extends SendChannelEndpoint {
        private final SocketDoze doze;

        Sending(UdpChannel channel, AtomicCounter status, MediaDriver.Context ctx, SocketDoze doze) {
            super(channel, status, ctx);
            this.doze = doze;
        }

        @Override
        public void openDatagramChannel(AtomicCounter statusIndicator) {
            super.openDatagramChannel(statusIndicator);
            doze.register(receiveDatagramChannel());
        }

        @Override
        public void close() {
            doze.deregister(receiveDatagramChannel());
            super.close();
        }
    }
}
