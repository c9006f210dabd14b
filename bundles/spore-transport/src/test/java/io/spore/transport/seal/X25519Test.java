package io.spore.transport.seal;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7748's test vectors (sections 5.2 and 6.1), its decoding rules, and points of small order. */
class X25519Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final byte[] BASE_POINT = HEX.parseHex(
        "0900000000000000000000000000000000000000000000000000000000000000");

    private static byte[] x25519(byte[] scalar, byte[] u) throws InvalidKeyException {
        return X25519.agree(X25519.privateKey(scalar), u);
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] raw = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return raw;
    }

    @Test
    void section52Vectors() throws InvalidKeyException {
        assertArrayEquals(HEX.parseHex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
            x25519(HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")));
        // This u-coordinate has the top bit of its last byte set: it must be masked, not refused.
        assertArrayEquals(HEX.parseHex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
            x25519(HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")));
    }

    @Test
    void section52IteratedOnceAndAThousandTimes() throws InvalidKeyException {
        byte[] k = BASE_POINT.clone();
        byte[] u = BASE_POINT.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] result = x25519(k, u);
            u = k;
            k = result;
            if (i == 1) {
                assertArrayEquals(HEX.parseHex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), k);
            }
        }
        assertArrayEquals(HEX.parseHex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), k);
    }

    @Test
    void section61DiffieHellman() throws InvalidKeyException {
        byte[] alicePrivate = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPublic = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(alicePublic, x25519(alicePrivate, BASE_POINT));
        assertArrayEquals(bobPublic, x25519(bobPrivate, BASE_POINT));
        assertArrayEquals(shared, x25519(alicePrivate, bobPublic));
        assertArrayEquals(shared, x25519(bobPrivate, alicePublic));
    }

    @Test
    void theTopBitOfAPublicKeyIsIgnored() throws InvalidKeyException {
        byte[] scalar = HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        byte[] u = HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        byte[] flipped = u.clone();
        flipped[31] ^= (byte) 0x80;
        assertArrayEquals(x25519(scalar, u), x25519(scalar, flipped));
    }

    @Test
    void aNonCanonicalCoordinateIsTakenModuloThePrime() throws InvalidKeyException {
        byte[] scalar = HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        assertArrayEquals(x25519(scalar, littleEndian(BigInteger.valueOf(9))),
            x25519(scalar, littleEndian(P.add(BigInteger.valueOf(9)))));
    }

    @Test
    void pointsOfSmallOrderAreRefused() {
        BigInteger[] smallOrder = {
            BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P, P.add(BigInteger.ONE),
            new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
            new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"),
        };
        KeyPair own = X25519.generate(new SecureRandom());
        for (BigInteger u : smallOrder) {
            InvalidKeyException refused = assertThrows(InvalidKeyException.class,
                () -> X25519.agree(own.getPrivate(), littleEndian(u)), "u = " + u);
            assertTrue(refused.getMessage().contains("small order"), refused.getMessage());
        }
    }

    @Test
    void publicKeysTravelAs32LittleEndianBytes() throws InvalidKeyException {
        KeyPair pair = X25519.generate(new SecureRandom());
        byte[] raw = X25519.encode(pair.getPublic());
        assertEquals(X25519.KEY_LENGTH, raw.length);
        assertArrayEquals(raw, X25519.encode(X25519.publicKey(raw)));
        assertThrows(InvalidKeyException.class, () -> X25519.publicKey(new byte[31]));
        assertThrows(InvalidKeyException.class, () -> X25519.publicKey(new byte[33]));
        assertThrows(InvalidKeyException.class, () -> X25519.publicKey(null));
    }

    @Test
    void ephemeralKeysAgreeOnceEach() throws InvalidKeyException {
        SecureRandom random = new SecureRandom();
        EphemeralKey client = EphemeralKey.generate(random);
        EphemeralKey server = EphemeralKey.generate(random);
        assertFalse(java.util.Arrays.equals(client.publicKey(), server.publicKey()));
        byte[] clientSecret = client.agree(server.publicKey());
        byte[] serverSecret = server.agree(client.publicKey());
        assertArrayEquals(clientSecret, serverSecret);
        assertThrows(IllegalStateException.class, () -> client.agree(server.publicKey()),
            "the private key is dropped after its one agreement");
        byte[] copy = client.publicKey();
        copy[0] ^= 1;
        assertFalse(java.util.Arrays.equals(copy, client.publicKey()), "the public key is handed out as a copy");
    }
}
