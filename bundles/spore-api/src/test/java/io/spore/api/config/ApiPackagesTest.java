package io.spore.api.config;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiPackagesTest {
    /** The manifest bnd writes from the packages' {@code @Export} and {@code @Version} annotations. */
    private static final Path MANIFEST = Path.of("target", "classes", "META-INF", "MANIFEST.MF");

    @Test
    void exportsAreThoseTheBundleManifestDeclares() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            manifest = new Manifest(in);
        }
        assertEquals(clauses(manifest.getMainAttributes().getValue("Export-Package")), clauses(ApiPackages.EXPORTS),
            "ApiPackages.EXPORTS must list the bundle's packages at their @Version");
    }

    /** Export clauses with quotes dropped, in any order ({@code uses:=} directives are not part of the contract). */
    private static Set<String> clauses(String header) {
        return Arrays.stream(header.split(",(?=[a-z])"))
            .map(clause -> Arrays.stream(clause.split(";"))
                .filter(part -> !part.startsWith("uses:="))
                .map(part -> part.replace("\"", "").trim())
                .collect(Collectors.joining(";")))
            .collect(Collectors.toSet());
    }
}
