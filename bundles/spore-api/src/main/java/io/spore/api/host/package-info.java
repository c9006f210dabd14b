/**
 * What a node asks of the host before it trusts a connection or a file: which Unix user holds the other end of a
 * local TCP connection ({@link io.spore.api.host.LocalPeers}), whether a secret file is readable by its owner
 * only ({@link io.spore.api.host.PrivateFiles}), and whether a folder a node takes bundles or secrets from is its
 * user's alone ({@link io.spore.api.host.PrivateFolders}). Shared by every bundle that opens a door (the JMX
 * connector, the name service, the launcher's servers) and by the launcher, so that each applies the same rule.
 */
@Export
@Version("1.1.0")
package io.spore.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
