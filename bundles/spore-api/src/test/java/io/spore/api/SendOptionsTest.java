package io.spore.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendOptionsTest {
    @Test
    void theCommonOptionsAreSharedAndCarryNoId() {
        assertSame(SendOptions.DEFAULTS, SendOptions.defaults());
        assertSame(SendOptions.IMPORTANT, SendOptions.DEFAULTS.withImportant(true));
        assertSame(SendOptions.DEFAULTS, SendOptions.IMPORTANT.withImportant(false));
        assertEquals(0, SendOptions.DEFAULTS.deliveryId());
        assertEquals(0, SendOptions.IMPORTANT.deliveryId());
    }

    @Test
    void aDeliveryIdMakesTheSendImportant() {
        SendOptions withId = SendOptions.DEFAULTS.withDeliveryId(42);
        assertTrue(withId.important());
        assertEquals(42, withId.deliveryId());
        assertFalse(SendOptions.DEFAULTS.important(), "the shared defaults are not changed");
        assertEquals(Long.MIN_VALUE, SendOptions.IMPORTANT.withDeliveryId(Long.MIN_VALUE).deliveryId());
        assertEquals(-1, SendOptions.IMPORTANT.withDeliveryId(-1).deliveryId());
    }

    @Test
    void idZeroMeansNone() {
        assertSame(SendOptions.IMPORTANT, SendOptions.DEFAULTS.withDeliveryId(0));
        assertSame(SendOptions.IMPORTANT, SendOptions.IMPORTANT.withDeliveryId(7).withDeliveryId(0));
    }

    @Test
    void anIdStaysWhileTheSendStaysImportant() {
        SendOptions withId = SendOptions.IMPORTANT.withDeliveryId(7);
        assertSame(withId, withId.withImportant(true));
        assertSame(withId, withId.withDeliveryId(7));
        assertSame(SendOptions.DEFAULTS, withId.withImportant(false), "only important sends carry an id");
    }

    @Test
    void optionsAreValues() {
        SendOptions seven = SendOptions.IMPORTANT.withDeliveryId(7);
        assertEquals(seven, SendOptions.DEFAULTS.withDeliveryId(7));
        assertEquals(seven.hashCode(), SendOptions.DEFAULTS.withDeliveryId(7).hashCode());
        assertNotEquals(seven, SendOptions.IMPORTANT.withDeliveryId(8));
        assertNotEquals(seven, SendOptions.IMPORTANT);
        assertNotEquals(SendOptions.IMPORTANT, SendOptions.DEFAULTS);
        assertEquals("SendOptions[important=true, deliveryId=7]", seven.toString());
        assertEquals("SendOptions[important=false]", SendOptions.DEFAULTS.toString());
    }
}
