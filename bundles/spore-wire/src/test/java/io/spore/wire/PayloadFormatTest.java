package io.spore.wire;

import io.spore.api.ExitReason;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.wire.Samples.Color;
import io.spore.wire.Samples.Point;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exact bytes of a few payloads: the format is a contract with other nodes, so it must not drift. */
class PayloadFormatTest {
    private final TypeRegistry registry = Samples.registry();
    private final PayloadEncoder encoder = new PayloadEncoder(registry);
    private final PayloadDecoder decoder = new PayloadDecoder(registry);

    private void assertBytes(String hex, Object value) {
        int length = encoder.encode(value);
        byte[] bytes = new byte[length];
        encoder.buffer().getBytes(0, bytes);
        assertEquals(hex, HexFormat.of().formatHex(bytes), "bytes of " + value);
        assertEquals(value, decoder.decode(encoder.buffer(), 0, length));
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void scalars() {
        assertBytes("0100", null);
        assertBytes("0102", true);
        assertBytes("0101", false);
        assertBytes("0103fe", (byte) -2);
        assertBytes("010402", (short) 1);
        assertBytes("010501", -1);
        assertBytes("0105d804", 300);
        assertBytes("010602", 1L);
        assertBytes("01070000c03f", 1.5f);
        assertBytes("0108000000000000f83f", 1.5d);
        assertBytes("010941", 'A');
        assertBytes("010a0368c3a9", "hé");
    }

    @Test
    void sporeTypes() {
        assertBytes("0110" + "03" + ascii("a@b") + "05" + "01000000", new Pid(NodeName.parse("a@b"), 5, 1));
        assertBytes("0114" + "02" + "06" + ascii("killed"), ExitReason.KILLED);
    }

    @Test
    void collectionsAndRegisteredTypes() {
        assertBytes("0120" + "02" + "0502" + "00", java.util.Arrays.asList(1, null));
        assertBytes("0130" + "0a" + ascii("test.point") + "02" + "0502" + "0504", new Point(1, 2));
        assertBytes("0131" + "0a" + ascii("test.color") + "03" + ascii("RED"), Color.RED);
        assertBytes("0122" + "01" + "0a01" + ascii("k") + "2000", java.util.Map.of("k", List.of()));
    }
}
