/**
 * {@code spore identity}: node identities made, shown and trusted from the command line, with the transport's own
 * code ({@code io.spore.transport.identity}, on the launcher's class path), so the files it writes are exactly the
 * files a node reads.
 */
package io.spore.distribution.identity;
