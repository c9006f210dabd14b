/**
 * The runnable Spore node: the {@code spore} command line, and an embedded Apache Felix framework that installs
 * the distribution's bundles.
 *
 * <p>Read in this order: {@link io.spore.distribution.Spore} (the commands), {@link io.spore.distribution.NodeConfig}
 * (what a node is told), {@link io.spore.distribution.FrameworkProperties} (how that becomes Felix's
 * configuration, including the transport's {@code spore.*} properties) and {@link io.spore.distribution.EmbeddedNode}
 * (the framework's life). The client commands ({@code send}, {@code call}, {@code ping}) share
 * {@link io.spore.distribution.ClientCommand}, which joins as a {@link io.spore.distribution.ClientNode}; the demo is
 * {@link io.spore.distribution.DemoCommand} with its two stories.
 *
 * <p>The launcher's class path holds {@code io.spore.api}, which the system bundle exports, so code here calls the
 * node's {@link io.spore.api.Node} service with the same classes the bundles see. The transport's classes are private
 * to its bundle: the launcher talks to it only through framework properties, and learns its UDP port from its log
 * ({@link io.spore.distribution.TransportLog}).
 */
package io.spore.distribution;
