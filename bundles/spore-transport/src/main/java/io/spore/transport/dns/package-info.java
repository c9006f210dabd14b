/**
 * The {@code dns} discovery provider: finds nodes in DNS with the JDK's own resolver (JNDI's DNS provider), so a
 * Kubernetes headless service or any zone serves as the list of nodes with no client library. SRV records give each
 * node's host and port ({@link io.spore.transport.dns.DnsDiscovery}); without them, a host's A and AAAA records at a
 * configured port do. Members are watched by polling.
 *
 * <p>Private to this bundle: other bundles see the provider as a {@code NodeDiscovery} service.
 */
package io.spore.transport.dns;
