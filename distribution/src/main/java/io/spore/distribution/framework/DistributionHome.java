package io.spore.distribution.framework;

import io.spore.api.config.SporeProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The folders of an assembled distribution: {@code bin/}, {@code lib/} (the launcher's class path),
 * {@code bundle/} (what every node installs) and {@code examples/} (bundles to drop into a deploy folder).
 *
 * <p>The root comes from the {@link SporeProperties#HOME} system property, which {@code bin/spore} sets; without it,
 * from the location of the launcher jar, which sits in {@code lib/}.
 */
public final class DistributionHome {
    /** The core starts first, so the runtime is up before anything that may register factories. */
    static final String CORE_BSN = "io.spore.core";
    /** The Gogo console takes over stdin, so it is kept apart and started only on demand. */
    static final String CONSOLE_BSN = "org.apache.felix.gogo.shell";
    /**
     * What a client node needs: the core, and the transport with what it imports. A client serves no deploy
     * folder, shell or components, and starts faster without FileInstall, Gogo and SCR.
     */
    static final Set<String> CLIENT_BSNS = Set.of(CORE_BSN, "org.agrona", "io.spore.wire", "io.spore.transport");

    private final Path root;

    private DistributionHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * @param root the distribution's root folder, the parent of {@code bundle/}
     * @return the distribution at {@code root}
     */
    public static DistributionHome at(Path root) {
        return new DistributionHome(root);
    }

    /**
     * Finds the distribution this launcher runs from.
     *
     * @return the distribution
     * @throws ActionableException when neither {@link SporeProperties#HOME} nor the launcher's location gives one
     */
    public static DistributionHome locate() {
        Path home = SporeProperties.HOME.read(System::getProperty);
        if (home != null) {
            return at(home);
        }
        CodeSource codeSource = DistributionHome.class.getProtectionDomain().getCodeSource();
        if (codeSource != null && codeSource.getLocation() != null) {
            try {
                Path launcherJar = Path.of(codeSource.getLocation().toURI());
                Path lib = launcherJar.getParent();
                if (Files.isRegularFile(launcherJar) && lib != null && lib.getParent() != null) {
                    return at(lib.getParent());
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a file location: fall through to the explanation below.
            }
        }
        throw new ActionableException("cannot tell where the Spore distribution is: run bin/spore, or set -D"
            + SporeProperties.HOME + "=<folder holding bundle/>");
    }

    /** @return the root folder */
    public Path root() {
        return root;
    }

    /** @return the folder of bundles every node installs */
    public Path bundleDir() {
        return root.resolve("bundle");
    }

    /** @return the folder of example bundles */
    public Path examplesDir() {
        return root.resolve("examples");
    }

    /**
     * @return the jars of {@code bundle/} a node installs, the core first, without the Gogo console
     * @throws ActionableException when the folder is missing or holds no core bundle
     */
    public List<Path> bundles() {
        List<Path> bundles = new ArrayList<>();
        for (Path jar : jars(bundleDir())) {
            String bsn = symbolicName(jar);
            if (CORE_BSN.equals(bsn)) {
                bundles.add(0, jar);
            } else if (!CONSOLE_BSN.equals(bsn)) {
                bundles.add(jar);
            }
        }
        if (bundles.isEmpty() || !CORE_BSN.equals(symbolicName(bundles.get(0)))) {
            throw new ActionableException("no " + CORE_BSN + " bundle in " + bundleDir()
                + ": is this a built distribution? Build it with mvn install");
        }
        return List.copyOf(bundles);
    }

    /**
     * @return the jars of {@code bundle/} a client node installs ({@link #CLIENT_BSNS}), the core first
     * @throws ActionableException when one of them is missing
     */
    public List<Path> clientBundles() {
        List<Path> bundles = new ArrayList<>();
        for (Path jar : bundles()) {
            if (CLIENT_BSNS.contains(symbolicName(jar))) {
                bundles.add(jar);
            }
        }
        if (bundles.size() != CLIENT_BSNS.size()) {
            throw new ActionableException("a client node needs the bundles " + CLIENT_BSNS + " but " + bundleDir()
                + " holds only " + bundles.stream().map(DistributionHome::symbolicName).toList()
                + ": rebuild the distribution with mvn install");
        }
        return List.copyOf(bundles);
    }

    /**
     * @return the Gogo shell bundle, which reads commands from the terminal
     * @throws ActionableException when {@code bundle/} does not hold it
     */
    public Path consoleBundle() {
        return jars(bundleDir()).stream()
            .filter(jar -> CONSOLE_BSN.equals(symbolicName(jar)))
            .findFirst()
            .orElseThrow(() -> new ActionableException("no " + CONSOLE_BSN + " bundle in " + bundleDir()
                + ": --shell needs it"));
    }

    /**
     * @return the examples bundle ({@code echo}, {@code counter}, {@code logger}, and the DS {@code greeter})
     * @throws ActionableException when {@code examples/} does not hold exactly one jar
     */
    public Path examplesBundle() {
        List<Path> jars = jars(examplesDir());
        if (jars.size() != 1) {
            throw new ActionableException("expected one examples bundle in " + examplesDir() + ", found " + jars.size()
                + ": rebuild the distribution with mvn install");
        }
        return jars.get(0);
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ActionableException("missing folder " + dir + ": is this a built distribution?");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                .sorted(Comparator.comparing(Path::toString))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** @return the jar's Bundle-SymbolicName without directives, or {@code null} when it is not a bundle */
    static String symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                return null;
            }
            String value = file.getManifest().getMainAttributes().getValue(new Attributes.Name("Bundle-SymbolicName"));
            return value == null ? null : value.split(";", 2)[0].trim();
        } catch (IOException e) {
            throw new ActionableException("cannot read the manifest of " + jar + ": " + e.getMessage());
        }
    }
}
