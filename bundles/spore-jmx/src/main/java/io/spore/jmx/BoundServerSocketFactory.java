package io.spore.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Objects;

/**
 * RMI server sockets bound to one address (loopback by default), not to every interface. Equal factories let
 * the RMI registry and the connector's server share one listening port, which is why {@link #equals} is by
 * address.
 *
 * @param address the address to bind; the wildcard address for every interface
 */
record BoundServerSocketFactory(InetAddress address) implements RMIServerSocketFactory {
    BoundServerSocketFactory {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(address, port));
        return socket;
    }
}
