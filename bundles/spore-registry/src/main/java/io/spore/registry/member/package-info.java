/**
 * Running one member of the registry cluster: {@link io.spore.registry.member.RegistryMember} starts an embedded
 * media driver, archive, consensus module and the registry's clustered service under one folder;
 * {@link io.spore.registry.member.MemberAddresses} derives every port from one {@code host:port} per member.
 * {@code spore registry} runs one.
 */
@Export
@Version("0.1.0")
package io.spore.registry.member;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
