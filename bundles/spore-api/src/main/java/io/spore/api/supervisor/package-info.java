/**
 * Supervision, as in OTP's {@code supervisor}: a process that starts child processes, watches them through links,
 * and restarts them by a {@link io.spore.api.supervisor.Strategy} when they end, within a restart intensity.
 *
 * <p>A supervisor is configured, not subclassed: describe it with a {@link io.spore.api.supervisor.SupervisorSpec}
 * and its {@link io.spore.api.supervisor.ChildSpec}s, start it with {@link io.spore.api.supervisor.Supervisors}
 * (from a node or from a process), and manage its children through the same class: every operation is a call to the
 * supervisor process, so it is served on the supervisor's own turn, in order with the exits it handles. A child spec
 * may name nodes: that child is started there by remote spawn, under the target's access list, and restarted on the
 * next node of its list when its node goes down (see {@link io.spore.api.supervisor.ChildSpec#withNodes}).
 *
 * <p>1.1.0: {@link io.spore.api.supervisor.Supervisors#describeChildren} and
 * {@link io.spore.api.supervisor.ChildStatus} (restarts and last exit per child); supervisors report restarts and
 * an exceeded intensity to their node's {@link io.spore.api.SupervisionListener}s.
 */
@Export
@Version("1.1.0")
package io.spore.api.supervisor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
