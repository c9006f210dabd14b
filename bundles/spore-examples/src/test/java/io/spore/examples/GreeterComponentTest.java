package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.ProcessFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * bnd-maven-plugin writes the component description from {@code @Component} before the tests run (process-classes),
 * so a lost annotation dependency or a changed bnd set-up shows here, not first in a running node.
 */
class GreeterComponentTest {
    private static final String DESCRIPTION = "OSGI-INF/" + GreeterFactory.class.getName() + ".xml";

    @Test
    void bndDescribesTheGreeterFactoryAsAProcessFactoryComponent() throws IOException {
        String xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DESCRIPTION)) {
            assertNotNull(in, DESCRIPTION + " is missing: build with Maven, whose bnd-maven-plugin generates it");
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("implementation class=\"" + GreeterFactory.class.getName() + "\""), xml);
        assertTrue(xml.contains("provide interface=\"" + ProcessFactory.class.getName() + "\""), xml);
        assertTrue(xml.contains("name=\"" + ProcessFactory.SPAWN_NAME + "\"")
            && xml.contains("value=\"" + Greeter.NAME + "\""), xml);
    }
}
