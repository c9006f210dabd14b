package io.spore.launcher;

import java.net.InetSocketAddress;

/**
 * A TCP address as text: {@code host:port}, {@code [v6]:port}, or {@code :port} (every interface to listen on,
 * which a listener then advertises under another name).
 *
 * @param host the host name or address; empty for "any"
 * @param port the port, 0 to 65535
 */
public record HostPort(String host, int port) {
    /**
     * @throws LaunchException when the text is not of that form
     */
    public static HostPort parse(String text) {
        if (text == null) {
            throw new LaunchException("no address: give host:port, for example 127.0.0.1:9001 or :9001");
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new LaunchException("invalid address '" + text + "': give host:port, for example 127.0.0.1:9001");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new LaunchException("invalid port in '" + text + "': give a number from 0 to 65535");
        }
        if (port < 0 || port > 65535) {
            throw new LaunchException("invalid port " + port + " in '" + text + "': give a number from 0 to 65535");
        }
        return new HostPort(host, port);
    }

    /** @return an address to connect to (unresolved names are resolved now) */
    public InetSocketAddress socketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
