/**
 * A Spore node in this JVM: an embedded OSGi framework (Felix, from {@code lib/}) with the distribution's bundles
 * installed and started. {@link io.spore.distribution.framework.NodeConfig} says what the node is told,
 * {@link io.spore.distribution.framework.FrameworkProperties} turns it into the framework's configuration,
 * {@link io.spore.distribution.framework.FrameworkNode} runs the framework, and
 * {@link io.spore.distribution.framework.DistributionHome} finds the bundles. Nothing here knows the command line.
 */
package io.spore.distribution.framework;
