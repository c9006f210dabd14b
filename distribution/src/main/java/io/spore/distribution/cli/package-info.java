/**
 * What the {@code spore} commands share: picocli converters for durations, ports, node names and routes, the
 * one-line handlers of bad arguments (status 2) and failures (status 1), the version, the console's log format,
 * the network options of every command that joins the cluster, polling with a deadline, and
 * {@code spore completion}, the shell completion script made from all of them.
 */
package io.spore.distribution.cli;
