/**
 * The runnable Spore node: the {@code spore} command line, and an embedded Apache Felix framework that installs
 * the distribution's bundles.
 *
 * <p>Read in this order: {@link io.spore.distribution.Spore} (the commands), {@link io.spore.distribution.NodeConfig}
 * (what a node is told), {@link io.spore.distribution.FrameworkProperties} (how that becomes Felix's
 * configuration) and {@link io.spore.distribution.EmbeddedNode} (the framework's life).
 *
 * <p>The launcher's class path holds {@code io.spore.api}, which the system bundle exports, so code here calls the
 * node's {@link io.spore.api.Node} service with the same classes the bundles see.
 */
package io.spore.distribution;
