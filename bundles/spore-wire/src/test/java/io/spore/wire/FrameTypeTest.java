package io.spore.wire;

import io.spore.wire.sbe.MessageHeaderDecoder;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link FrameType}'s table is hand-kept: check it against the schema file and the generated decoders. */
class FrameTypeTest {
    @Test
    void everyMessageOfTheSchemaIsAFrameTypeWithItsId() throws Exception {
        String schema;
        try (InputStream in = FrameTypeTest.class.getResourceAsStream("/sbe/spore-wire.xml")) {
            assertNotNull(in, "the schema ships in the bundle");
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<Integer, String> messages = new TreeMap<>();
        Matcher m = Pattern.compile("<sbe:message name=\"(\\w+)\" id=\"(\\d+)\"").matcher(schema);
        while (m.find()) {
            messages.put(Integer.parseInt(m.group(2)), m.group(1));
        }
        Map<Integer, String> types = new TreeMap<>();
        for (FrameType type : FrameType.values()) {
            types.put(type.templateId(), camel(type.name()));
        }
        assertEquals(messages, types);
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, 0x5350);
        assertNull(FrameType.of(0));
        assertNull(FrameType.of(-1));
        assertNull(FrameType.of(65_535));
    }

    @Test
    void blockLengthsAndVariableFieldsMatchTheDecoders() throws Exception {
        for (FrameType type : FrameType.values()) {
            Class<?> decoder = Class.forName("io.spore.wire.sbe." + camel(type.name()) + "Decoder");
            assertEquals(decoder.getField("TEMPLATE_ID").getInt(null), type.templateId(), type.name());
            assertEquals(decoder.getField("BLOCK_LENGTH").getInt(null), type.blockLength(), type.name());

            List<Method> headers = new ArrayList<>();
            for (Method method : decoder.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) && method.getName().endsWith("HeaderLength")) {
                    headers.add(method);
                }
            }
            headers.sort(Comparator.comparingInt(method -> fieldId(decoder, method)));
            List<Integer> expected = new ArrayList<>();
            for (Method method : headers) {
                expected.add((Integer) method.invoke(null));
            }
            List<Integer> actual = new ArrayList<>();
            for (int i = 0; i < type.varFieldCount(); i++) {
                actual.add(type.varHeaderLength(i));
            }
            assertEquals(expected, actual, type.name());
        }
    }

    private static int fieldId(Class<?> decoder, Method headerLength) {
        String field = headerLength.getName().substring(0, headerLength.getName().length() - "HeaderLength".length());
        try {
            return (Integer) decoder.getMethod(field + "Id").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static String camel(String constant) {
        StringBuilder name = new StringBuilder();
        for (String part : constant.split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase());
        }
        return name.toString();
    }
}
