/**
 * The types users of Spore program against.
 *
 * <p>A {@link io.spore.api.Node} runs lightweight processes. A process is a {@link io.spore.api.ProcessBehavior}
 * created by a {@link io.spore.api.ProcessFactory}; it is addressed by its {@link io.spore.api.Pid} or by a
 * registered {@link io.spore.api.Name}, sees the runtime through its {@link io.spore.api.ProcessContext}, and
 * ends with an {@link io.spore.api.ExitReason} that links and monitors observe. Every failure a caller can meet
 * is a {@link io.spore.api.SporeException} whose {@link io.spore.api.SporeException.Reason} can be switched on.
 *
 * <p>Factories are published as OSGi services with the property {@value io.spore.api.ProcessFactory#SPAWN_NAME};
 * the node is published as a {@code Node} service. {@link io.spore.api.Node#network()} spawns on other nodes
 * ({@link io.spore.api.RemoteNode}) and controls which nodes may spawn here (access lists).
 */
@Export
@Version("1.7.0")
package io.spore.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
