package io.spore.distribution;

import io.spore.api.config.SporeProperties;
import io.spore.distribution.framework.DistributionHome;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the assembled distribution: failsafe passes {@code spore.home}; an IDE run falls back. */
final class TestDistribution {
    private TestDistribution() {
    }

    /** @return the assembled distribution under {@code target/spore} */
    static DistributionHome home() {
        String property = System.getProperty(SporeProperties.HOME.name());
        Path root = property != null ? Path.of(property) : Path.of("target", "spore");
        if (!Files.isDirectory(root.resolve("bundle"))) {
            throw new IllegalStateException("no assembled distribution at " + root.toAbsolutePath()
                + ": run mvn verify (the ITs need the package phase)");
        }
        return DistributionHome.at(root);
    }

    /** @return {@code bin/spore} */
    static Path script() {
        return home().root().resolve("bin").resolve("spore");
    }
}
