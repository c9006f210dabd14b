package io.spore.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bnd writes the manifest before the tests run (process-classes): check that Aeron stays inside the bundle. */
class BundleManifestTest {
    private static Attributes manifest() throws IOException {
        Path file = Path.of("target", "classes", "META-INF", "MANIFEST.MF");
        try (InputStream in = Files.newInputStream(file)) {
            return new Manifest(in).getMainAttributes();
        }
    }

    @Test
    void aeronIsPrivateAndAgronaIsImportedFromTheSharedBundle() throws IOException {
        Attributes main = manifest();
        String imports = main.getValue("Import-Package");
        String privates = main.getValue("Private-Package");
        assertTrue(imports.contains("org.agrona;version=\"[2.4,3)\""), imports);
        assertTrue(imports.contains("org.agrona.concurrent;version=\"[2.4,3)\""), imports);
        assertFalse(imports.contains("io.aeron"), "Aeron must be embedded, not imported: " + imports);
        for (String aeron : new String[] {"io.aeron,", "io.aeron.driver,", "io.aeron.logbuffer", "io.aeron.version"}) {
            assertTrue(privates.contains(aeron), aeron + " should be private: " + privates);
        }
        // The discovery SPI alone is exported; JNDI's DNS client comes from the system bundle.
        assertEquals("io.spore.transport.discovery;version=\"1.0.0\";uses:=\"io.spore.api\"",
            main.getValue("Export-Package"));
        assertTrue(imports.contains("javax.naming.directory"), imports);
    }
}
