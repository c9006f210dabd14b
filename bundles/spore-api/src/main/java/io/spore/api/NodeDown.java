package io.spore.api;

/**
 * The message a process that {@linkplain ProcessContext#monitorNodes(boolean) monitors nodes} receives when the
 * connection to {@code node} is lost: a goodbye, missed heartbeats, or a failed handshake (Erlang's
 * {@code {nodedown, Node}}). Links and monitors to its processes have fired with {@code noconnection} by then.
 *
 * @param node the node no longer connected
 */
public record NodeDown(NodeName node) {
}
