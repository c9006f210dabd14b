/**
 * {@code spore demo}: a node in this JVM tells the one-node story ({@link io.spore.distribution.demo.DemoStory}),
 * then talks to a second node in a JVM of its own ({@link io.spore.distribution.demo.DemoPeer},
 * {@link io.spore.distribution.demo.TwoNodeStory}).
 */
package io.spore.distribution.demo;
