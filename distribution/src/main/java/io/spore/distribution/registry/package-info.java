/**
 * {@code spore registry}: one member of the replicated registry (Aeron Cluster) in the foreground until stopped.
 */
package io.spore.distribution.registry;
