/**
 * The one home of a node's configuration: every {@code spore.*} property with its default and the one reader that
 * turns its text into a value ({@link io.spore.api.config.SporeProperties}), read alike by the bundles' activators,
 * the launcher, and Config Admin; and the packages the API bundle exports ({@link io.spore.api.config.ApiPackages}).
 */
@Export
@Version("1.6.0")
package io.spore.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
