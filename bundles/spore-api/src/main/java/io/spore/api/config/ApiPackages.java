package io.spore.api.config;

/**
 * The packages of the API bundle with their versions, as an OSGi framework's system bundle exports them when the API
 * classes are on the class path that starts it (the launcher, and the tests that embed Felix): then the launcher,
 * the tests and every bundle share one copy of the API classes. The versions are those of the packages'
 * {@code @Version} annotations; a test of this bundle compares them with the manifest bnd writes.
 */
public final class ApiPackages {
    /** The value for {@code org.osgi.framework.system.packages.extra}, without the packages of other bundles. */
    public static final String EXPORTS = "io.spore.api;version=\"1.7.0\","
        + "io.spore.api.cluster;version=\"1.0.0\","
        + "io.spore.api.config;version=\"1.6.0\","
        + "io.spore.api.host;version=\"1.1.0\","
        + "io.spore.api.supervisor;version=\"1.1.0\"";

    private ApiPackages() {
    }
}
