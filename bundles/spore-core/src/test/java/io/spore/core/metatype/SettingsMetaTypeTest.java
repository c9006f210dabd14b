package io.spore.core.metatype;

import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every attribute a console is shown is a property of {@link SporeProperties}, with its reader's type and default. */
class SettingsMetaTypeTest {
    private static final SettingsDescription EVERYTHING = new SettingsDescription("io.spore.test", "Test",
        "every setting", SporeProperties.ALL, Set.of(SporeProperties.REMOTE_SPAWN), "Live.", "Restart.");

    @Test
    void eachAttributeIsASporePropertyWithItsTypeAndDefault() {
        ObjectClassDefinition definition = new SettingsMetaType(EVERYTHING)
            .getObjectClassDefinition("io.spore.test", null);
        Map<String, SporeProperty<?>> properties = SporeProperties.ALL.stream()
            .collect(Collectors.toMap(SporeProperty::name, Function.identity()));
        AttributeDefinition[] attributes = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
        assertEquals(SporeProperties.ALL.size(), attributes.length);
        for (AttributeDefinition attribute : attributes) {
            SporeProperty<?> property = properties.get(attribute.getID());
            assertTrue(property != null, attribute.getID() + " is a property of SporeProperties");
            assertEquals(property.defaultText(), attribute.getDefaultValue() == null ? null
                : attribute.getDefaultValue()[0], attribute.getID());
            int type = switch (property.kind()) {
                case INTEGER, MILLIS -> AttributeDefinition.INTEGER;
                case FLAG -> AttributeDefinition.BOOLEAN;
                case TEXT, PATH -> AttributeDefinition.STRING;
            };
            assertEquals(type, attribute.getType(), attribute.getID());
            assertTrue(attribute.getDescription().endsWith(property == SporeProperties.REMOTE_SPAWN ? "Live."
                : "Restart."), attribute.getDescription());
            if (property.defaultText() != null) {
                assertEquals("", attribute.validate(property.defaultText()), "the default is valid: " + property);
            }
        }
        assertNull(definition.getAttributeDefinitions(ObjectClassDefinition.REQUIRED), "nothing is required");
        assertNull(new SettingsMetaType(EVERYTHING).getObjectClassDefinition("io.spore.other", null));
    }

    @Test
    void theHelpSaysTheRangeAndTheReaderValidates() {
        AttributeDefinition port = Arrays.stream(new SettingsMetaType(EVERYTHING)
                .getAttributeDefinitions(ObjectClassDefinition.ALL))
            .filter(attribute -> attribute.getID().equals("spore.transport.port")).findFirst().orElseThrow();
        assertTrue(port.getDescription().startsWith("The node's UDP port; default 0"), port.getDescription());
        assertTrue(port.getDescription().contains("at least 0 and at most 65535"), port.getDescription());
        assertEquals("", port.validate("4000"));
        assertFalse(port.validate("65536").isEmpty());
        assertTrue(port.validate("seven").startsWith("spore.transport.port: "), port.validate("seven"));
        assertArrayEquals(new String[] {"0"}, port.getDefaultValue());
    }
}
