package io.spore.wire;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeProofTest {
    private static final byte[] COOKIE = "s3cret-cookie".getBytes(StandardCharsets.UTF_8);
    private static final NodeName CLIENT = NodeName.parse("a@b");
    private static final NodeName SERVER = NodeName.parse("cd@e");

    @Test
    void theStaleSessionProofIsTheSpecifiedHmac() throws Exception {
        String message = HexFormat.of().formatHex("spore-stale-session-v1".getBytes(StandardCharsets.US_ASCII))
            + "0300" + HexFormat.of().formatHex("a@b".getBytes(StandardCharsets.US_ASCII)) + "07000000" + "feffffff";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(COOKIE, "HmacSHA256"));
        byte[] expected = mac.doFinal(HexFormat.of().parseHex(message));
        assertArrayEquals(expected, HandshakeProof.staleSession(COOKIE, CLIENT, 7, -2));
        assertEquals(HandshakeProof.PROOF_LENGTH, expected.length);
        assertFalse(HandshakeProof.matches(expected, HandshakeProof.staleSession(COOKIE, SERVER, 7, -2)));
        assertTrue(HandshakeProof.matches(expected, HandshakeProof.staleSession(COOKIE, CLIENT, 7, -2)));
    }

    @Test
    void badInputsAreRefused() {
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, assertThrows(SporeException.class,
            () -> HandshakeProof.staleSession(new byte[0], CLIENT, 1, 1)).reason());
        byte[] a = HandshakeProof.newNonce();
        assertEquals(HandshakeProof.NONCE_LENGTH, a.length);
        assertFalse(HandshakeProof.matches(a, HandshakeProof.newNonce()));
    }
}
