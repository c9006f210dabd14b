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
    private final byte[] nc = FrameFixtures.filled(1);
    private final byte[] ns = FrameFixtures.filled(2);

    @Test
    void theProofIsTheSpecifiedHmac() throws Exception {
        String message = HexFormat.of().formatHex("spore-client-proof-v1".getBytes(StandardCharsets.US_ASCII))
            + HexFormat.of().formatHex(nc) + HexFormat.of().formatHex(ns)
            + "0300" + HexFormat.of().formatHex("a@b".getBytes(StandardCharsets.US_ASCII))
            + "0400" + HexFormat.of().formatHex("cd@e".getBytes(StandardCharsets.US_ASCII))
            + "07000000" + "feffffff";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(COOKIE, "HmacSHA256"));
        byte[] expected = mac.doFinal(HexFormat.of().parseHex(message));
        assertArrayEquals(expected, HandshakeProof.client(COOKIE, nc, ns, CLIENT, SERVER, 7, -2));
        assertEquals(HandshakeProof.PROOF_LENGTH, expected.length);
    }

    @Test
    void proofsDependOnEverythingTheyCover() {
        byte[] client = HandshakeProof.client(COOKIE, nc, ns, CLIENT, SERVER, 7, 8);
        byte[] server = HandshakeProof.server(COOKIE, nc, ns, CLIENT, SERVER, 7, 8);
        assertTrue(HandshakeProof.matches(client, HandshakeProof.client(COOKIE, nc, ns, CLIENT, SERVER, 7, 8)));
        assertFalse(HandshakeProof.matches(client, server), "a server cannot reflect the client's proof");
        assertFalse(HandshakeProof.matches(client, HandshakeProof.client("other".getBytes(StandardCharsets.UTF_8),
            nc, ns, CLIENT, SERVER, 7, 8)), "a wrong cookie");
        assertFalse(HandshakeProof.matches(client, HandshakeProof.client(COOKIE, ns, nc, CLIENT, SERVER, 7, 8)),
            "fresh nonces: a recorded proof is worthless");
        assertFalse(HandshakeProof.matches(client, HandshakeProof.client(COOKIE, nc, ns, SERVER, CLIENT, 7, 8)));
        assertFalse(HandshakeProof.matches(client, HandshakeProof.client(COOKIE, nc, ns, CLIENT, SERVER, 7, 9)),
            "another incarnation");
        assertFalse(HandshakeProof.matches(client, new byte[3]));
    }

    @Test
    void badInputsAreRefused() {
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, assertThrows(SporeException.class,
            () -> HandshakeProof.client(new byte[0], nc, ns, CLIENT, SERVER, 1, 1)).reason());
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, assertThrows(SporeException.class,
            () -> HandshakeProof.server(COOKIE, new byte[31], ns, CLIENT, SERVER, 1, 1)).reason());
        byte[] a = HandshakeProof.newNonce();
        assertEquals(HandshakeProof.NONCE_LENGTH, a.length);
        assertFalse(HandshakeProof.matches(a, HandshakeProof.newNonce()));
    }
}
