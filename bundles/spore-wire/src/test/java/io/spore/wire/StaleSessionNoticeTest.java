package io.spore.wire;

import io.spore.api.NodeName;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaleSessionNoticeTest {
    private static final byte[] COOKIE = "s3cret-cookie".getBytes(StandardCharsets.UTF_8);
    private static final NodeName B = NodeName.parse("b@localhost");

    @Test
    void theProofIsTheSpecifiedHmac() throws Exception {
        String message = HexFormat.of().formatHex("spore-stale-session-v1".getBytes(StandardCharsets.US_ASCII))
            + "0b00" + HexFormat.of().formatHex("b@localhost".getBytes(StandardCharsets.US_ASCII))
            + "07000000" + "feffffff";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(COOKIE, "HmacSHA256"));
        assertArrayEquals(mac.doFinal(HexFormat.of().parseHex(message)),
            HandshakeProof.staleSession(COOKIE, B, 7, -2));
    }

    @Test
    void aNoticeReadsBackFromItsTextAndChecksOnlyWithTheSameCookieNameCreationAndSession() {
        String text = StaleSessionNotice.signed(COOKIE, B, 7, -2).toText();
        assertTrue(text.startsWith(StaleSessionNotice.PREFIX));
        assertTrue(text.length() < 1023, "fits Aeron's error message");
        assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(text));
        StaleSessionNotice read = StaleSessionNotice.parse(text);
        assertEquals(-2, read.sessionId());
        assertEquals(7, read.creation());
        assertTrue(read.provenBy(COOKIE, B));
        assertFalse(read.provenBy("other".getBytes(StandardCharsets.UTF_8), B), "another cookie");
        assertFalse(read.provenBy(COOKIE, NodeName.parse("c@localhost")), "another node's notice");

        // Altering the session or the creation in the text (after the 8-byte header) breaks the proof.
        int at = StaleSessionNotice.PREFIX.length() + 16;
        assertEquals("feffffff07000000", text.substring(at, at + 16));
        StaleSessionNotice otherSession = StaleSessionNotice.parse(text.substring(0, at) + "fdffffff"
            + text.substring(at + 8));
        assertEquals(-3, otherSession.sessionId());
        StaleSessionNotice otherCreation = StaleSessionNotice.parse(text.substring(0, at + 8) + "08000000"
            + text.substring(at + 16));
        assertEquals(8, otherCreation.creation());
        assertFalse(otherCreation.provenBy(COOKIE, B));
        assertFalse(otherSession.provenBy(COOKIE, B));
    }

    @Test
    void textsThatAreNotNoticesAreNullAndBrokenNoticesMalformed() {
        assertNull(StaleSessionNotice.parse(null));
        assertNull(StaleSessionNotice.parse("no Spore handshake completed in time"));
        assertThrows(MalformedFrameException.class, () -> StaleSessionNotice.parse(StaleSessionNotice.PREFIX));
        assertThrows(MalformedFrameException.class, () -> StaleSessionNotice.parse(StaleSessionNotice.PREFIX + "abc"));
        assertThrows(MalformedFrameException.class, () -> StaleSessionNotice.parse(StaleSessionNotice.PREFIX + "zz"));
        String text = StaleSessionNotice.signed(COOKIE, B, 7, -2).toText();
        assertThrows(MalformedFrameException.class,
            () -> StaleSessionNotice.parse(text.substring(0, text.length() - 2)));
        assertThrows(MalformedFrameException.class, () -> StaleSessionNotice.parse(text + "00"));
    }
}
