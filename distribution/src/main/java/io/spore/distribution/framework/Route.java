package io.spore.distribution.framework;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

/**
 * A static route, {@code name@host=address:port}: where a node's UDP endpoint is, given on the command line instead
 * of asked of the name service on the node's host. The transport reads a list of them from the framework property
 * {@value FrameworkProperties#ROUTES}, comma-separated, in exactly the form {@link #toString()} prints.
 *
 * @param node    the node reached this way
 * @param address a host name or address; an IPv6 address without its brackets
 * @param port    the node's UDP port, 1 to 65535
 */
public record Route(NodeName node, String address, int port) {
    /** What {@link #parse(String)} accepts, for error messages. */
    static final String FORM = "NAME@HOST=ADDRESS:PORT, for example b@beta=10.0.0.2:7000";

    /**
     * @param text {@code name@host=address:port}; an IPv6 address goes in brackets
     * @return the route
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Route parse(String text) {
        int equals = text.indexOf('=');
        int colon = text.lastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a route: expected " + FORM);
        }
        NodeName node;
        try {
            node = NodeName.parse(text.substring(0, equals));
        } catch (SporeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a route: " + e.getMessage());
        }
        String address = text.substring(equals + 1, colon);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty() || address.chars().anyMatch(c -> c == ',' || c == '=' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("'" + text + "' is not a route: the address after '=' is empty or holds"
                + " ',', '=' or a space; expected " + FORM);
        }
        String portText = text.substring(colon + 1);
        int port = portText.length() <= 5 && portText.chars().allMatch(Character::isDigit)
            ? Integer.parseInt(portText) : -1;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not a route: the port must be a number from 1 to"
                + " 65535, not '" + portText + "'");
        }
        return new Route(node, address, port);
    }

    @Override
    public String toString() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return node + "=" + host + ":" + port;
    }
}
