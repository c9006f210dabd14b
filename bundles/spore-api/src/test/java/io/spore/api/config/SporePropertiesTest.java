package io.spore.api.config;

import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SporePropertiesTest {
    private static final PropertySource NONE = name -> null;

    @Test
    void absentOrBlankGivesTheDefault() {
        assertEquals(64, SporeProperties.THROUGHPUT.read(NONE));
        assertEquals(64, SporeProperties.THROUGHPUT.read(Map.of("spore.throughput", "  ")::get));
        assertEquals(Duration.ofSeconds(3), SporeProperties.DETECTION_TIMEOUT.read(NONE));
        assertNull(SporeProperties.JMX_PORT.read(NONE));
        assertEquals(9011, SporeProperties.JMX_RMI_PORT.read(NONE, 9011));
        assertFalse(SporeProperties.STATE_DIR.isSet(Map.of("spore.state.dir", "")::get));
    }

    @Test
    void eachReaderReadsItsType() {
        PropertySource given = Map.of("spore.workers", " 3 ", "spore.remote.spawn", "FALSE",
            "spore.heartbeat.interval.ms", "250", "spore.state.dir", "~/s", "spore.cookie.file", "/etc/c")::get;
        assertEquals(3, SporeProperties.WORKERS.read(given));
        assertFalse(SporeProperties.REMOTE_SPAWN.read(given));
        assertEquals(Duration.ofMillis(250), SporeProperties.HEARTBEAT_INTERVAL.read(given));
        assertEquals(Path.of(System.getProperty("user.home"), "s"), SporeProperties.STATE_DIR.read(given));
        assertEquals(Path.of("/etc/c"), SporeProperties.COOKIE_FILE.read(given));
    }

    @Test
    void aValueThatCannotBeReadIsOneLineThatBeginsWithTheName() {
        for (Map.Entry<SporeProperty<?>, String> bad : Map.<SporeProperty<?>, String>of(
            SporeProperties.WORKERS, "many", SporeProperties.TRANSPORT_PORT, "65536", SporeProperties.JMX_PORT, "0",
            SporeProperties.REMOTE_SPAWN, "yes", SporeProperties.HEARTBEAT_INTERVAL, "0",
            SporeProperties.DETECTION_TIMEOUT, "3s", SporeProperties.STATE_DIR, "a\0b").entrySet()) {
            SporeProperty<?> property = bad.getKey();
            SporeException refused = assertThrows(SporeException.class,
                () -> property.read(Map.of(property.name(), bad.getValue())::get));
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, refused.reason());
            assertTrue(refused.getMessage().startsWith(property.name() + ": "), refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
        }
    }

    /** What tools that describe the settings (Metatype) are given: the reader's own kind, range and default. */
    @Test
    void eachPropertyDescribesItsTextAndDefault() {
        assertEquals(SporeProperty.Kind.INTEGER, SporeProperties.TRANSPORT_PORT.kind());
        assertEquals(0, SporeProperties.TRANSPORT_PORT.min());
        assertEquals(65535, SporeProperties.TRANSPORT_PORT.max());
        assertEquals("0", SporeProperties.TRANSPORT_PORT.defaultText());
        assertEquals(SporeProperty.Kind.MILLIS, SporeProperties.HEARTBEAT_INTERVAL.kind());
        assertEquals(1, SporeProperties.HEARTBEAT_INTERVAL.min());
        assertEquals("300", SporeProperties.HEARTBEAT_INTERVAL.defaultText());
        assertEquals(SporeProperty.Kind.FLAG, SporeProperties.REMOTE_SPAWN.kind());
        assertEquals("true", SporeProperties.REMOTE_SPAWN.defaultText());
        assertEquals(SporeProperty.Kind.PATH, SporeProperties.STATE_DIR.kind());
        assertNull(SporeProperties.STATE_DIR.defaultText());
        assertEquals(SporeProperty.Kind.TEXT, SporeProperties.JMX_HOST.kind());
        assertNull(SporeProperties.JMX_PORT.defaultText());
        for (SporeProperty<?> property : SporeProperties.ALL) {
            String text = property.defaultText();
            if (text != null) {
                assertEquals(property.defaultValue(), property.read(Map.of(property.name(), text)::get),
                    property + "'s default text reads as its default");
            }
        }
    }

    @Test
    void everyPropertyIsListedOnceWithAMeaning() {
        Set<String> names = new HashSet<>();
        for (SporeProperty<?> property : SporeProperties.ALL) {
            assertTrue(names.add(property.name()), "listed twice: " + property);
            assertTrue(property.name().startsWith("spore."), property.name());
            assertFalse(property.meaning().isBlank(), property.name());
        }
        assertEquals(List.of(SporeProperties.SERVICE_NODE_NAME, SporeProperties.SERVICE_TRANSPORT_PORT,
                SporeProperties.SERVICE_TRANSPORT_BIND),
            List.of(SporeProperties.NODE_NAME.name(), SporeProperties.TRANSPORT_PORT.name(),
                SporeProperties.TRANSPORT_BIND.name()), "services publish under the settings' names");
    }

    /** The README's table of properties is what an administrator reads: it must name every one. */
    @Test
    void theReadmeListsEveryProperty() throws Exception {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        for (SporeProperty<?> property : SporeProperties.ALL) {
            assertTrue(readme.contains("| `" + property.name() + "` |"), "README's property table lacks " + property);
        }
    }
}
