package io.spore.core.osgi;

import io.spore.core.osgi.appbundle.AppActivator;

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
 * Packs the compiled classes and resources of {@code io.spore.core.osgi.appbundle} into an application bundle with
 * a hand-written manifest, so a test installs a real application bundle without a build step of its own.
 */
final class AppBundleJar {
    private AppBundleJar() {
    }

    /**
     * @param jar    where to write the bundle
     * @param bsn    its symbolic name (one per bundle installed at once)
     * @param header its {@code Spore-Application} header, or {@code null} for none
     * @return {@code jar}
     */
    static Path build(Path jar, String bsn, String header) throws IOException, URISyntaxException {
        String packageDir = AppActivator.class.getPackageName().replace('.', '/');
        Path root = Path.of(AppActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> listed = Files.list(root.resolve(packageDir))) {
            files = listed.sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest(bsn, header))) {
            for (Path each : files) {
                out.putNextEntry(new JarEntry(packageDir + "/" + each.getFileName()));
                Files.copy(each, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Manifest manifest(String bsn, String header) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", AppActivator.class.getName());
        main.putValue("Import-Package", "io.spore.api;version=\"[1.4,2)\",io.spore.api.supervisor;version=\"[1.0,2)\","
            + "org.osgi.framework;version=\"[1.10,2)\"");
        if (header != null) {
            main.putValue("Spore-Application", header);
        }
        return manifest;
    }
}
