package io.spore.transport;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ReceiveChannelEndpointSupplier;
import io.aeron.driver.SendChannelEndpointSupplier;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.SendChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Aeron's own UDP endpoints, which also register their sockets with the driver's {@link SocketDoze} when they open
 * them and leave it when they close: the node's inbound endpoint (where peers' frames arrive) and each publication's
 * endpoint (where the peer's status messages and NAKs arrive). Aeron's endpoint suppliers are its extension point
 * for this; nothing else about the endpoints changes.
 *
 * <p>Threading: the suppliers and the endpoints' open and close run on the driver's conductor thread.
 */
final class DozingEndpoints {
    private DozingEndpoints() {
    }

    /** @return a supplier of inbound endpoints watched by {@code doze} */
    static ReceiveChannelEndpointSupplier receiving(SocketDoze doze) {
        return (UdpChannel channel, DataPacketDispatcher dispatcher, AtomicCounter status, MediaDriver.Context ctx) ->
            new Receiving(channel, dispatcher, status, ctx, doze);
    }

    /** @return a supplier of publication endpoints watched by {@code doze} */
    static SendChannelEndpointSupplier sending(SocketDoze doze) {
        return (UdpChannel channel, AtomicCounter status, MediaDriver.Context ctx) ->
            new Sending(channel, status, ctx, doze);
    }

    private static final class Receiving extends ReceiveChannelEndpoint {
        private final SocketDoze doze;

        Receiving(UdpChannel channel, DataPacketDispatcher dispatcher, AtomicCounter status, MediaDriver.Context ctx,
                  SocketDoze doze) {
            super(channel, dispatcher, status, ctx);
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
