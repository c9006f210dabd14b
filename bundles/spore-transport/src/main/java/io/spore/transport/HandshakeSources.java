package io.spore.transport;

import io.aeron.Image;

/**
 * Where a handshake's frames come from, and where its answers may go: the address an image's packets come from,
 * whether a session sends from the address this node said hello to, and the port a Hello says its node receives
 * on. An unauthenticated frame never makes this node send to an address it names (see {@link HandshakeProtocol}).
 *
 * <p>Threading: the thread doing the receiving work.
 */
final class HandshakeSources {
    private final NodeEndpoint endpoint;

    HandshakeSources(NodeEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** @return the port of a hello's {@code host:port} endpoint, or -1 when it is not one */
    static int replyPort(String endpointText) {
        int colon = endpointText.lastIndexOf(':');
        if (colon <= 0 || colon == endpointText.length() - 1) {
            return -1;
        }
        try {
            int port = Integer.parseInt(endpointText.substring(colon + 1));
            return port < 1 || port > 65535 ? -1 : port;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the address {@code sessionId}'s packets come from, or {@code null} when its image is gone */
    String sourceAddress(int sessionId) {
        Image image = endpoint.control().imageBySessionId(sessionId);
        String source = image == null ? null : image.sourceIdentity();
        int colon = source == null ? -1 : source.lastIndexOf(':');
        return colon <= 0 ? null : unbracket(source.substring(0, colon));
    }

    /** Whether {@code sessionId} sends from the address this node's publications to {@code peer} go to. */
    boolean fromConnectedAddress(Association peer, int sessionId) {
        PeerPublications publications = peer.publications();
        String source = sourceAddress(sessionId);
        if (publications == null || source == null) {
            return false;
        }
        String target = publications.endpoint();
        String host = unbracket(target.substring(0, target.lastIndexOf(':')));
        try {
            return java.net.InetAddress.getByName(host).equals(java.net.InetAddress.getByName(source));
        } catch (java.net.UnknownHostException e) {
            return false; // both are numeric, so this does not happen
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
