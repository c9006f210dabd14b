package io.spore.distribution;

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
 * Packs the compiled classes of {@code io.spore.distribution.testbundle} into a bundle jar with a hand-written
 * manifest, so a test can install a real factory bundle without a build step of its own.
 */
final class TestBundleJar {
    private static final String PACKAGE_DIR = TestFactoryActivator.class.getPackageName().replace('.', '/');

    private TestBundleJar() {
    }

    /**
     * @param jar where to write the bundle
     * @return {@code jar}
     */
    static Path build(Path jar) throws IOException, URISyntaxException {
        Path classesRoot = Path.of(TestFactoryActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classes;
        try (Stream<Path> files = Files.list(classesRoot.resolve(PACKAGE_DIR))) {
            classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest())) {
            for (Path clazz : classes) {
                out.putNextEntry(new JarEntry(PACKAGE_DIR + "/" + clazz.getFileName()));
                Files.copy(clazz, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", TestFactoryActivator.BSN);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", TestFactoryActivator.class.getName());
        // Only the API and the framework come from outside; the testbundle package is the jar's own.
        main.putValue("Import-Package", "io.spore.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"");
        return manifest;
    }
}
