package io.spore.transport.security;

import io.spore.api.NodeName;

/**
 * The other side of a completed handshake: a node that proved it holds the same cookie.
 *
 * @param node     the peer's name
 * @param creation the peer's incarnation; a new one means the peer restarted and its old pids are dead
 */
public record AuthenticatedPeer(NodeName node, int creation) {
}
