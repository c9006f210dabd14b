/**
 * The launcher: a per-user launch daemon that runs labelled processes ({@link io.spore.launcher.LaunchDaemon}),
 * its client ({@link io.spore.launcher.LaunchClient}), failure subscriptions
 * ({@link io.spore.launcher.SubscriberServer}), remote use through ssh ({@link io.spore.launcher.RemoteShell}),
 * and the remote node manager that starts Spore nodes through a fork method
 * ({@link io.spore.launcher.NodeManager}).
 *
 * <p>A plain library on the distribution's class path, not an OSGi bundle: the daemon and the node manager run
 * beside nodes (before any framework starts, or in a short-lived command), never inside one.
 */
package io.spore.launcher;
