package io.spore.wire;

import io.spore.api.NodeName;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadEncodeErrorsTest {
    record Unregistered(String value) {
    }

    enum UnregisteredEnum { ONLY }

    private final TypeRegistry registry = Samples.registry();
    private final PayloadEncoder encoder = new PayloadEncoder(registry);

    private SporeException refused(SporeException.Reason reason, Object value) {
        SporeException e = assertThrows(SporeException.class, () -> encoder.encode(value));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void anUnregisteredRecordNamesItsTypeAndHowToRegisterIt() {
        String message = refused(SporeException.Reason.UNENCODABLE, new Unregistered("x")).getMessage();
        assertTrue(message.contains(Unregistered.class.getName()), message);
        assertTrue(message.contains("TypeRegistry.register(\"my.type\", Unregistered.class)"), message);
    }

    @Test
    void unregisteredTypesAnywhereInAMessageAreRefused() {
        String message = refused(SporeException.Reason.UNENCODABLE,
            Map.of("k", List.of(1, UnregisteredEnum.ONLY))).getMessage();
        assertTrue(message.contains(UnregisteredEnum.class.getName()), message);
        for (Object value : new Object[]{new Object(), Thread.currentThread(), new int[]{1}, new Object[]{1},
            new ArrayDeque<>(List.of(1)), BigInteger.ONE, Samples.NODE.toString().toCharArray()}) {
            String text = refused(SporeException.Reason.UNENCODABLE, value).getMessage();
            assertTrue(text.contains(value.getClass().getName()), text);
            assertTrue(text.contains("built-in type"), text);
        }
        refused(SporeException.Reason.UNENCODABLE, new Ref(null, 1, 1));
    }

    @Test
    void aPayloadOverTheDefaultLimitNamesItsSizeAndTheLimit() {
        byte[] twoMiB = new byte[2 << 20];
        String message = refused(SporeException.Reason.MESSAGE_TOO_LARGE, twoMiB).getMessage();
        int size = 1 + 1 + 4 + twoMiB.length; // version, tag, a 4-byte varint for 2^21, the bytes
        assertTrue(message.contains(size + " bytes"), message);
        assertTrue(message.contains("limit of " + PayloadEncoder.DEFAULT_MAX_PAYLOAD_BYTES + " bytes"), message);
        assertTrue(encoder.buffer().capacity() <= 2 * PayloadEncoder.DEFAULT_MAX_PAYLOAD_BYTES,
            "nothing past the limit was written: " + encoder.buffer().capacity());
        assertEquals(3, encoder.encode(1L), "the encoder works on after a refusal");
    }

    @Test
    void theLimitIsConfigurableAndCountsTheWholePayload() {
        PayloadEncoder small = new PayloadEncoder(registry, 100);
        assertEquals(100, small.maxPayloadBytes());
        assertEquals(100, small.encode("x".repeat(97)), "exactly at the limit is allowed");
        SporeException e = assertThrows(SporeException.class,
            () -> small.encode(List.of("x".repeat(60), "y".repeat(60))));
        assertEquals(SporeException.Reason.MESSAGE_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("encodes to 127 bytes, over the limit of 100 bytes"), e.getMessage());

        SporeException tooSmall = assertThrows(SporeException.class, () -> new PayloadEncoder(registry, 8));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, tooSmall.reason());
    }

    @Test
    void aBufferThatCannotGrowBoundsThePayload() {
        SporeException e = assertThrows(SporeException.class,
            () -> encoder.encode("x".repeat(100), new UnsafeBuffer(new byte[64]), 0));
        assertEquals(SporeException.Reason.MESSAGE_TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("64 bytes left in the buffer"), e.getMessage());
    }

    @Test
    void aCycleIsRefusedWithoutOverflowingTheStack() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        String message = refused(SporeException.Reason.UNENCODABLE, cycle).getMessage();
        assertTrue(message.contains("more than " + PayloadFormat.MAX_DEPTH + " deep"), message);
        assertEquals(2, encoder.encode(null), "the depth is reset for the next message");
    }

    @Test
    void aNodeNameIsNotAString() {
        // NodeName is a record but built in, so it needs no registration.
        assertEquals(1 + 1 + 1 + "alpha@host-1.example".length(), encoder.encode(Samples.NODE));
        assertEquals(NodeName.class, new PayloadDecoder(registry).decode(encoder.buffer(), 0,
            encoder.encode(Samples.NODE)).getClass());
    }
}
