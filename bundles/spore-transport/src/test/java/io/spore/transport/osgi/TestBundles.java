package io.spore.transport.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds a user's bundle at test time: a manifest with a {@value MessageTypesHeader#NAME} header and copies of the
 * test's own class files, which the bundle's class loader then defines afresh (a different {@code Class} from the
 * test's, as in a node).
 */
final class TestBundles {
    private TestBundles() {
    }

    /**
     * @param dir          where to write the jar
     * @param symbolicName the bundle's symbolic name, also the jar's file name
     * @param messageTypes the header's value, or {@code null} for no header
     * @param classes      classes to copy into the bundle (top-level classes, with their packages)
     * @return the jar
     */
    static Path build(Path dir, String symbolicName, String messageTypes, Class<?>... classes) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        if (messageTypes != null) {
            main.putValue(MessageTypesHeader.NAME, messageTypes);
        }
        Path jar = dir.resolve(symbolicName + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
                    if (bytes == null) {
                        throw new IOException("no class file for " + type.getName());
                    }
                    out.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
