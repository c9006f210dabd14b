/**
 * {@code spore node}: one node in the foreground until stopped, with its JMX options; when a creator's node manager
 * started it ({@code --manager}), {@link io.spore.distribution.node.ManagedNode} serves the creator's requests and
 * {@link io.spore.distribution.node.OutputRedirect} moves a detached node's output to its log file.
 */
package io.spore.distribution.node;
