package io.spore.distribution;

import io.spore.distribution.appbundle.AppActivator;
import io.spore.distribution.clusterbundle.ClusterActivator;
import io.spore.distribution.markerbundle.MarkerActivator;
import io.spore.distribution.probebundle.ProbeActivator;
import io.spore.distribution.spawnbundle.SpawnActivator;
import io.spore.distribution.supervisebundle.SuperviseActivator;
import io.spore.distribution.testbundle.TestFactoryActivator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs the compiled classes of one test package ({@code io.spore.distribution.testbundle}, or the probe's) into a
 * bundle jar with a hand-written manifest, so a test can install a real factory bundle without a build step of its
 * own.
 */
final class TestBundleJar {
    private TestBundleJar() {
    }

    /**
     * @param jar where to write the test factory bundle
     * @return {@code jar}
     */
    static Path build(Path jar) throws IOException, URISyntaxException {
        return build(jar, TestFactoryActivator.class, TestFactoryActivator.BSN);
    }

    /** @return {@code jar}, now the probe bundle that offers {@code probe} */
    static Path buildProbe(Path jar) throws IOException, URISyntaxException {
        return build(jar, ProbeActivator.class, ProbeActivator.BSN);
    }

    /** @return {@code jar}, now the marker bundle, which prints {@value MarkerActivator#STARTED} when it starts */
    static Path buildMarker(Path jar) throws IOException, URISyntaxException {
        return build(jar, MarkerActivator.class, MarkerActivator.BSN);
    }

    /** @return {@code jar}, now the bundle of the remote spawn tests' factories */
    static Path buildSpawn(Path jar) throws IOException, URISyntaxException {
        return build(jar, SpawnActivator.class, SpawnActivator.BSN);
    }

    /** @return {@code jar}, now the bundle of the supervision tests' worker and keeper */
    static Path buildSupervise(Path jar) throws IOException, URISyntaxException {
        Manifest manifest = manifest(SuperviseActivator.class, SuperviseActivator.BSN);
        manifest.getMainAttributes().putValue("Import-Package", "io.spore.api;version=\"[1.0,2)\","
            + "io.spore.api.supervisor;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"");
        return build(jar, SuperviseActivator.class, manifest);
    }

    /** @return {@code jar}, now the cluster probe bundle of the registry's node tests */
    static Path buildCluster(Path jar) throws IOException, URISyntaxException {
        Manifest manifest = manifest(ClusterActivator.class, ClusterActivator.BSN);
        manifest.getMainAttributes().putValue("Import-Package", "io.spore.api;version=\"[1.6,2)\","
            + "io.spore.api.cluster;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"");
        return build(jar, ClusterActivator.class, manifest);
    }

    /** @return {@code jar}, now the application bundle of {@code ApplicationDeployIT} */
    static Path buildApplication(Path jar) throws IOException, URISyntaxException {
        return buildApplication(jar, AppActivator.HEADER);
    }

    /** @return {@code jar}, now the application bundle of {@code ApplicationDeployIT} with {@code header} */
    static Path buildApplication(Path jar, String header) throws IOException, URISyntaxException {
        Manifest manifest = manifest(AppActivator.class, AppActivator.BSN);
        manifest.getMainAttributes().putValue("Spore-Application", header);
        manifest.getMainAttributes().putValue("Import-Package", "io.spore.api;version=\"[1.0,2)\","
            + "io.spore.api.supervisor;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"");
        return build(jar, AppActivator.class, manifest);
    }

    /**
     * @param jar       where to write the bundle
     * @param activator the bundle's activator; every class of its package goes into the jar
     * @param bsn       the bundle's symbolic name
     * @return {@code jar}
     */
    static Path build(Path jar, Class<?> activator, String bsn) throws IOException, URISyntaxException {
        return build(jar, activator, manifest(activator, bsn));
    }

    private static Path build(Path jar, Class<?> activator, Manifest manifest) throws IOException, URISyntaxException {
        String packageDir = activator.getPackageName().replace('.', '/');
        Path classesRoot = Path.of(activator.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classes;
        try (Stream<Path> files = Files.list(classesRoot.resolve(packageDir))) {
            classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path clazz : classes) {
                out.putNextEntry(new JarEntry(packageDir + "/" + clazz.getFileName()));
                Files.copy(clazz, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Manifest manifest(Class<?> activator, String bsn) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", activator.getName());
        // Only the API and the framework come from outside; the bundle's package is the jar's own.
        main.putValue("Import-Package", "io.spore.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"");
        return manifest;
    }
}
