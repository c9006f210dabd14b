package io.spore.benchmarks;

import io.spore.benchmarks.receiver.ReceiverActivator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Packs the classes of {@code io.spore.benchmarks.receiver}, read from the benchmarks jar, into a bundle with a
 * written manifest, for the deploy folder of a node started from the distribution. Its classes are read as bytes
 * and never loaded here: the benchmark's JVM has no OSGi framework API on its class path.
 */
final class ReceiverBundle {
    private static final String PACKAGE_DIR = "io/spore/benchmarks/receiver/";
    /** Every class of the bundle's package; the package has no nested or anonymous classes. */
    private static final List<String> CLASSES = List.of("ReceiverActivator", "Echo", "Sink", "ExitInInit",
        "Streamer");

    private ReceiverBundle() {
    }

    /**
     * Writes the bundle to the path given, for scripts ({@code benchmarks/many-nodes.sh}): {@code java -cp
     * benchmarks/target/benchmarks.jar io.spore.benchmarks.ReceiverBundle OUT.jar}.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp benchmarks.jar io.spore.benchmarks.ReceiverBundle OUT.jar");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }

    /** @return {@code jar}, written */
    static Path write(Path jar) {
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest())) {
            for (String name : CLASSES) {
                String entry = PACKAGE_DIR + name + ".class";
                try (InputStream in = ReceiverBundle.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException(entry + " is not on the class path: rebuild the"
                            + " benchmarks jar");
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the receiver bundle " + jar, e);
        }
        return jar;
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", ReceiverActivator.BSN);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", "io.spore.benchmarks.receiver.ReceiverActivator");
        main.putValue("Import-Package", "io.spore.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"");
        return manifest;
    }
}
