/**
 * The launch commands: {@code spore launch} (serve, submit, list, stop, logs, shutdown, subscribe, subscribers,
 * unsubscribe), here through the daemon's socket or on another host through ssh
 * ({@link io.spore.distribution.launch.RemoteLaunch}), and {@code spore start-node}. The work is done by the
 * {@code io.spore.launcher} library; these classes are its command line.
 */
package io.spore.distribution.launch;
