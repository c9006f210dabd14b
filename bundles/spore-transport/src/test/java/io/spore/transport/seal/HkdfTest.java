package io.spore.transport.seal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = (byte) i;
        }
        return bytes;
    }

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static void assertCase(byte[] salt, byte[] ikm, byte[] info, int length, String prk, String okm) {
        byte[] extracted = Hkdf.extract(salt, ikm);
        assertArrayEquals(HEX.parseHex(prk), extracted, "PRK");
        assertArrayEquals(HEX.parseHex(okm), Hkdf.expand(extracted, info, length), "OKM");
    }

    @Test
    void rfc5869TestCase1BasicSha256() {
        assertCase(range(0x00, 0x0d), repeat(0x0b, 22), range(0xf0, 0xfa), 42,
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase2LongerInputsAndOutputs() {
        assertCase(range(0x60, 0xb0), range(0x00, 0x50), range(0xb0, 0x100), 82,
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da32756"
                + "00c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        assertCase(new byte[0], repeat(0x0b, 22), new byte[0], 42,
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertArrayEquals(Hkdf.extract(new byte[0], repeat(0x0b, 22)), Hkdf.extract(null, repeat(0x0b, 22)));
    }

    @Test
    void expandLabelIsExpandOverTheLabelledInfo() {
        byte[] secret = range(0, 32);
        byte[] context = range(40, 45);
        byte[] name = "spore1 key".getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + name.length + 1 + context.length];
        info[1] = 16;
        info[2] = (byte) name.length;
        System.arraycopy(name, 0, info, 3, name.length);
        info[3 + name.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + name.length, context.length);
        assertArrayEquals(Hkdf.expand(secret, info, 16), Hkdf.expandLabel(secret, "key", context, 16));
    }

    @Test
    void differentLabelsContextsOrLengthsGiveUnrelatedOutputs() {
        byte[] secret = range(0, 32);
        byte[] key = Hkdf.expandLabel(secret, "key", new byte[0], 32);
        assertFalse(java.util.Arrays.equals(key, Hkdf.expandLabel(secret, "iv", new byte[0], 32)));
        assertFalse(java.util.Arrays.equals(key, Hkdf.expandLabel(secret, "key", new byte[1], 32)));
        byte[] shorter = Hkdf.expandLabel(secret, "key", new byte[0], 16);
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(key, 16), shorter),
            "the length is part of the info, as in TLS 1.3");
    }

    @Test
    void refusesLengthsHkdfCannotGive() {
        byte[] secret = range(0, 32);
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(secret, new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(secret, new byte[0], 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[16], new byte[0], 32));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expandLabel(secret, "x", new byte[256], 32));
    }
}
