/**
 * What a node asks of the host before it trusts a connection or a file: which Unix user holds the other end of a
 * local TCP connection ({@link io.spore.api.host.LocalPeers}), and whether a secret file is readable by its owner
 * only ({@link io.spore.api.host.PrivateFiles}). Shared by every bundle that opens a door (the JMX connector, the
 * name service, the launcher's servers) so that each door applies the same rule.
 */
@Export
@Version("1.0.0")
package io.spore.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
