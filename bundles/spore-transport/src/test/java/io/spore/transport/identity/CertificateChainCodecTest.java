package io.spore.transport.identity;

import io.spore.transport.identity.IdentityException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.spore.transport.identity.TrustedPeersTest.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** A stranger's chain bytes decode to certificates or to MALFORMED_CHAIN, whatever they are. */
@Timeout(120)
class CertificateChainCodecTest {
    private static final TestIdentities KEYS = TestIdentities.get();

    private final List<X509Certificate> chain = KEYS.chain(KEYS.signed);
    private final byte[] encoded = CertificateChainCodec.encode(chain);

    @Test
    void aChainRoundTrips() throws Exception {
        assertEquals(chain, CertificateChainCodec.decode(encoded));
        byte[] framed = new byte[encoded.length + 10];
        System.arraycopy(encoded, 0, framed, 7, encoded.length);
        assertEquals(chain, CertificateChainCodec.decode(framed, 7, encoded.length));
        assertEquals(2, encoded[0]);
    }

    @Test
    void oversizedInputIsRefusedBeforeItIsRead() {
        byte[] huge = new byte[CertificateChainCodec.MAX_ENCODED_BYTES + 1];
        huge[0] = 1;
        assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(huge), "more than the 16384");
    }

    @Test
    void countsAndLengthsThatLieAreRefused() {
        for (int count : new int[] {0, 9, 255}) {
            byte[] lying = encoded.clone();
            lying[0] = (byte) count;
            assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(lying), "certificates");
        }
        byte[] longer = encoded.clone();
        longer[1] = (byte) 0xFF;
        assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(longer), "are left");
        byte[] trailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(trailing), "1 bytes follow");
        assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(new byte[0]), "empty");
    }

    /** The JDK's parser would take PEM or a certificate followed by anything: only exact DER passes. */
    @Test
    void onlyExactDerIsACertificate() throws Exception {
        byte[] pem = CertificateFiles.pem(chain.get(0)).getBytes(StandardCharsets.US_ASCII);
        assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(single(pem)), "not");
        byte[] der = chain.get(0).getEncoded();
        byte[] padded = java.util.Arrays.copyOf(der, der.length + 3);
        assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(single(padded)),
            "not exactly one X.509 certificate");
        assertEquals(chain.subList(0, 1), CertificateChainCodec.decode(single(der)));
    }

    @Test
    void everyTruncationIsMalformed() {
        for (int length = 0; length < encoded.length; length++) {
            int cut = length;
            assertFailure(Failure.MALFORMED_CHAIN, () -> CertificateChainCodec.decode(encoded, 0, cut));
        }
    }

    /** Flipped bits may still parse (a signature's bytes are just bytes); they never throw anything else. */
    @Test
    void flippedBitsAndRandomBytesNeverEscapeTheTypedError() {
        Random random = new Random(20_240_615L);
        for (int i = 0; i < encoded.length; i++) {
            byte[] flipped = encoded.clone();
            flipped[i] ^= (byte) (1 << random.nextInt(8));
            decodeOrMalformed(flipped);
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] noise = new byte[random.nextInt(2_048)];
            random.nextBytes(noise);
            if (noise.length > 0 && random.nextBoolean()) {
                noise[0] = (byte) (1 + random.nextInt(2)); // a plausible count, so the lengths get read
            }
            decodeOrMalformed(noise);
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] mangled = encoded.clone();
            int start = 3 + random.nextInt(mangled.length - 3);
            int end = Math.min(mangled.length, start + 1 + random.nextInt(32));
            for (int j = start; j < end; j++) {
                mangled[j] = (byte) random.nextInt(256);
            }
            decodeOrMalformed(mangled);
        }
    }

    @Test
    void encodingRefusesWhatADecoderWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> CertificateChainCodec.encode(List.of()));
        List<X509Certificate> tooMany = new ArrayList<>(Collections.nCopies(CertificateChainCodec.MAX_CERTIFICATES + 1,
            chain.get(0)));
        assertThrows(IllegalArgumentException.class, () -> CertificateChainCodec.encode(tooMany));
    }

    private static void decodeOrMalformed(byte[] bytes) {
        try {
            CertificateChainCodec.decode(bytes);
        } catch (IdentityException e) {
            assertEquals(Failure.MALFORMED_CHAIN, e.failure());
        } catch (RuntimeException e) {
            fail("escaped the typed error: " + e, e);
        }
    }

    private static byte[] single(byte[] der) {
        byte[] out = new byte[3 + der.length];
        out[0] = 1;
        out[1] = (byte) (der.length >>> 8);
        out[2] = (byte) der.length;
        System.arraycopy(der, 0, out, 3, der.length);
        return out;
    }
}
