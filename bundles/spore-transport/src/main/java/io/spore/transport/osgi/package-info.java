/**
 * The transport bundle's life in the framework: {@link io.spore.transport.osgi.TransportActivator} starts a
 * transport for the node as soon as the node's runtime service appears, with the settings
 * {@link io.spore.transport.osgi.TransportProperties} reads from the framework properties.
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.osgi;
