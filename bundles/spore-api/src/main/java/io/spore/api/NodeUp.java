package io.spore.api;

/**
 * The message a process that {@linkplain ProcessContext#monitorNodes(boolean) monitors nodes} receives when a
 * connection to {@code node} completes its handshake (Erlang's {@code {nodeup, Node}}).
 *
 * @param node     the node now connected
 * @param creation its incarnation: a new number means it restarted and pids of the old one are dead
 */
public record NodeUp(NodeName node, int creation) {
}
