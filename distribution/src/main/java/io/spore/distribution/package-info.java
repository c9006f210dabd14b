/**
 * The runnable Spore node: the {@code spore} command line, and an embedded Apache Felix framework that installs
 * the distribution's bundles.
 *
 * <p>{@link io.spore.distribution.Spore} is the command tree ({@code bin/spore} runs it). Each package below it has
 * one reason, and the dependencies point one way, {@code framework <- cli <- node, client, launch, demo <- Spore}:
 * <ul>
 *   <li>{@link io.spore.distribution.framework}: a node in this JVM on an embedded framework, what it is told
 *       ({@link io.spore.distribution.framework.NodeConfig}), how that becomes Felix's configuration
 *       ({@link io.spore.distribution.framework.FrameworkProperties}) and where the distribution's files are;</li>
 *   <li>{@link io.spore.distribution.cli}: what the commands share (converters, error handlers, logging, the
 *       network options);</li>
 *   <li>{@link io.spore.distribution.node}: {@code spore node}, a node in the foreground, also as started by a
 *       creator's node manager;</li>
 *   <li>{@link io.spore.distribution.client}: {@code send}, {@code call}, {@code spawn} and {@code ping}, each a
 *       short-lived client node;</li>
 *   <li>{@link io.spore.distribution.launch}: {@code spore launch} (the launch daemon and its subscribers) and
 *       {@code spore start-node};</li>
 *   <li>{@link io.spore.distribution.demo}: {@code spore demo} and its two stories.</li>
 * </ul>
 *
 * <p>The launcher's class path holds {@code io.spore.api}, which the system bundle exports, so code here calls the
 * node's {@link io.spore.api.Node} service with the same classes the bundles see. The transport's classes are private
 * to its bundle: the launcher talks to it through framework properties, reads its UDP port from the
 * {@code spore.transport.port} property of its router service, and listens to its log only for the last warning or
 * error ({@link io.spore.distribution.framework.TransportLog}).
 */
package io.spore.distribution;
