package io.spore.transport.seal;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class HmacSha256Test {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] tag(byte[] key, byte[] data) {
        HmacSha256 hmac = new HmacSha256(key);
        byte[] out = new byte[HmacSha256.LENGTH + 3];
        hmac.start();
        hmac.update(data, 0, data.length);
        hmac.finish(out, 3);
        return Arrays.copyOfRange(out, 3, out.length);
    }

    private static byte[] filled(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rfc4231TestVectors() {
        assertArrayEquals(HEX.parseHex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            tag(filled(0x0b, 20), ascii("Hi There")), "test case 1");
        assertArrayEquals(HEX.parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            tag(ascii("Jefe"), ascii("what do ya want for nothing?")), "test case 2");
        assertArrayEquals(HEX.parseHex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            tag(filled(0xaa, 20), filled(0xdd, 50)), "test case 3");
        assertArrayEquals(HEX.parseHex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            tag(filled(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First")),
            "test case 6: a key longer than the block is hashed first");
        assertArrayEquals(HEX.parseHex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
            tag(filled(0xaa, 131), ascii("This is a test using a larger than block-size key and a larger than"
                + " block-size data. The key needs to be hashed before being used by the HMAC algorithm.")),
            "test case 7");
    }

    @Test
    void agreesWithTheJdkMacAcrossManyTagsFromOneInstance() throws Exception {
        Random random = new Random(7);
        byte[] key = new byte[32];
        random.nextBytes(key);
        HmacSha256 hmac = new HmacSha256(key);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] out = new byte[HmacSha256.LENGTH];
        for (int length = 0; length < 300; length += 7) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            hmac.start();
            hmac.update(data, 0, length / 2);
            hmac.update(data, length / 2, length - length / 2);
            hmac.finish(out, 0);
            assertArrayEquals(mac.doFinal(data), out, "length " + length);
        }
        hmac.start();
        hmac.update(new byte[100], 0, 100); // abandoned: the next start begins afresh
        hmac.start();
        hmac.finish(out, 0);
        assertArrayEquals(mac.doFinal(new byte[0]), out);
    }
}
