/**
 * The transport bundle's life in the framework: {@link io.spore.transport.osgi.TransportActivator} starts a
 * transport for the node as soon as the node's runtime service appears, with the settings
 * {@link io.spore.transport.osgi.TransportProperties} reads from the framework properties; and, as an extender, it
 * registers the message types that bundles declare in their {@code Spore-Message-Types} manifest header
 * ({@link io.spore.transport.osgi.MessageTypesHeader}, {@link io.spore.transport.osgi.MessageTypeExtender}).
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.osgi;
