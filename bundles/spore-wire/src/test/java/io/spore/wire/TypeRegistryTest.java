package io.spore.wire;

import io.spore.api.Down;
import io.spore.api.SporeException;
import io.spore.wire.Samples.Color;
import io.spore.wire.Samples.Point;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypeRegistryTest {
    private final TypeRegistry registry = new TypeRegistry();

    private String refused(SporeException.Reason reason, String wireName, Class<?> type) {
        SporeException e = assertThrows(SporeException.class, () -> registry.register(wireName, type));
        assertEquals(reason, e.reason(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void wireNamesFollowTheNameRules() {
        refused(SporeException.Reason.INVALID_NAME, "", Point.class);
        refused(SporeException.Reason.INVALID_NAME, "has space", Point.class);
        refused(SporeException.Reason.INVALID_NAME, null, Point.class);
        registry.register("shop.order/v2:point", Point.class);
        assertEquals("shop.order/v2:point", registry.wireNameOf(Point.class));
    }

    @Test
    void onlyRecordsAndEnumsThatAreNotBuiltIn() {
        assertTrue(refused(SporeException.Reason.INVALID_ARGUMENT, "str", String.class)
            .contains("only records and enums"));
        refused(SporeException.Reason.INVALID_ARGUMENT, "list", List.class);
        assertTrue(refused(SporeException.Reason.INVALID_ARGUMENT, "down", Down.class).contains("built into"));
        refused(SporeException.Reason.INVALID_ARGUMENT, "none", null);
    }

    @Test
    void aNameAndATypeGoTogether() {
        registry.register("point", Point.class);
        registry.register("point", Point.class);
        assertTrue(refused(SporeException.Reason.INVALID_ARGUMENT, "point", Color.class)
            .contains("taken by " + Point.class.getName()));
        assertTrue(refused(SporeException.Reason.INVALID_ARGUMENT, "point2", Point.class)
            .contains("registered as 'point' already"));
        registry.register("color", Color.class);
        assertEquals(List.of("color", "point"), List.copyOf(registry.registered().keySet()));
    }

    @Test
    void unregisteringWithdrawsTheType() {
        registry.register("point", Point.class);
        assertTrue(registry.unregister(Point.class));
        assertFalse(registry.unregister(Point.class));
        assertNull(registry.wireNameOf(Point.class));
        SporeException e = assertThrows(SporeException.class,
            () -> new PayloadEncoder(registry).encode(new Point(1, 2)));
        assertEquals(SporeException.Reason.UNENCODABLE, e.reason());
        registry.register("point", Color.class);
        assertEquals("point", registry.wireNameOf(Color.class), "the name is free again");
    }

    @Test
    void aNewRevisionOfTheSameClassReplacesTheOld() throws Exception {
        registry.register("point", Point.class);
        URL classes = Point.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader updatedBundle = new URLClassLoader(new URL[]{classes}, null)) {
            Class<?> updated = updatedBundle.loadClass(Point.class.getName());
            assertNotSame(Point.class, updated);
            registry.register("point", updated);
            assertEquals(updated, registry.registered().get("point"));
            assertNull(registry.wireNameOf(Point.class));

            var constructor = updated.getDeclaredConstructor(int.class, int.class);
            constructor.setAccessible(true);
            Object point = constructor.newInstance(1, 2);
            PayloadEncoder encoder = new PayloadEncoder(registry);
            Object back = new PayloadDecoder(registry).decode(encoder.buffer(), 0, encoder.encode(point));
            assertEquals(point, back);
        }
    }
}
