package io.spore.transport.seal;

import io.spore.transport.security.Cookie;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyScheduleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cookie COOKIE = Cookie.of("the-cluster-secret");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] shared() {
        byte[] shared = new byte[32];
        for (int i = 0; i < 32; i++) {
            shared[i] = (byte) (100 + i);
        }
        return shared;
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Expected values from an independent implementation of the schedule in KeySchedule's Javadoc (Python). */
    @Test
    void knownAnswer() throws Exception {
        SessionKeys keys = KeySchedule.derive(COOKIE, shared(), sha256("transcript"));
        assertArrayEquals(HEX.parseHex("59feb3a9a03056db7382e70b4a6e5ee65d1a5f6a0623c2356c76525cbd443437"),
            keys.clientProof());
        assertArrayEquals(HEX.parseHex("f995368d0f8eb22494b456cd157c922f6f553df9065fa475ebc3092d22dfd4e9"),
            keys.serverProof());
        assertTrue(keys.clientToServer().sameSecretAs(new TrafficSecret(0,
            HEX.parseHex("5c93bf7d89da0c5e231e1593fce1e3cc3595503500ef403608f5a7994bbc360f"))));
        assertTrue(keys.serverToClient().sameSecretAs(new TrafficSecret(0,
            HEX.parseHex("49bb92ab7a920d44413cdc9d35a6e41c0e0f367c937a0b7c17de1b76d252d0ae"))));
    }

    @Test
    void aKeyUpdateIsKnownAndOneWay() {
        byte[] epoch0 = new byte[32];
        for (int i = 0; i < 32; i++) {
            epoch0[i] = (byte) i;
        }
        TrafficSecret secret = new TrafficSecret(0, epoch0);
        TrafficSecret next = secret.next();
        assertEquals(1, next.epoch());
        assertTrue(next.sameSecretAs(new TrafficSecret(1,
            HEX.parseHex("97fd8dbc25d5acbd60df89125841f58f65431416c06280c7544313f3dfc2e956"))));
        assertFalse(next.next().sameSecretAs(next));
        assertEquals(2, next.next().epoch());
    }

    /** Both sides of a handshake, as the integration will run it: ephemeral keys, one transcript, the schedule. */
    @Test
    void bothSidesOfAHandshakeDeriveTheSameKeys() throws InvalidKeyException {
        EphemeralKey clientKey = EphemeralKey.generate(RANDOM);
        EphemeralKey serverKey = EphemeralKey.generate(RANDOM);
        Consumer<Transcript> said = t -> t.add("a@alpha").add(11).add(clientKey.publicKey())
            .add("b@beta").add(22).add(serverKey.publicKey()).add(0x3).add(1376);
        Transcript clientTranscript = new Transcript("spore handshake v3");
        Transcript serverTranscript = new Transcript("spore handshake v3");
        said.accept(clientTranscript);
        said.accept(serverTranscript);
        SessionKeys client = KeySchedule.derive(COOKIE, clientKey.agree(serverKey.publicKey()),
            clientTranscript.hash());
        SessionKeys server = KeySchedule.derive(Cookie.of("the-cluster-secret"),
            serverKey.agree(clientKey.publicKey()), serverTranscript.hash());

        assertTrue(server.isClientProof(client.clientProof()));
        assertTrue(client.isServerProof(server.serverProof()));
        assertTrue(client.clientToServer().sameSecretAs(server.clientToServer()));
        assertTrue(client.serverToClient().sameSecretAs(server.serverToClient()));
    }

    @Test
    void directionsAndProofsAllDiffer() {
        SessionKeys keys = KeySchedule.derive(COOKIE, shared(), new byte[32]);
        assertFalse(keys.clientToServer().sameSecretAs(keys.serverToClient()));
        assertFalse(Arrays.equals(keys.clientProof(), keys.serverProof()));
        assertFalse(keys.isClientProof(keys.serverProof()), "one side's proof never serves as the other's");
    }

    @Test
    void oneFlippedFlagInTheTranscriptChangesEveryProofAndKey() {
        byte[] agreed = new Transcript("spore handshake v3").add("a@alpha").add(0x3).hash();
        byte[] downgraded = new Transcript("spore handshake v3").add("a@alpha").add(0x2).hash();
        SessionKeys honest = KeySchedule.derive(COOKIE, shared(), agreed);
        SessionKeys altered = KeySchedule.derive(COOKIE, shared(), downgraded);
        assertFalse(honest.isClientProof(altered.clientProof()));
        assertFalse(honest.isServerProof(altered.serverProof()));
        assertFalse(honest.clientToServer().sameSecretAs(altered.clientToServer()));
        assertFalse(honest.serverToClient().sameSecretAs(altered.serverToClient()));
    }

    @Test
    void theCookieAloneDerivesNoTrafficKey() {
        byte[] otherShared = shared();
        otherShared[0] ^= 1;
        SessionKeys keys = KeySchedule.derive(COOKIE, shared(), new byte[32]);
        SessionKeys otherExchange = KeySchedule.derive(COOKIE, otherShared, new byte[32]);
        assertFalse(keys.clientToServer().sameSecretAs(otherExchange.clientToServer()),
            "same cookie and transcript, another ephemeral exchange: other keys");
        assertFalse(keys.isClientProof(otherExchange.clientProof()), "proofs confirm the shared key too");
        SessionKeys otherCookie = KeySchedule.derive(Cookie.of("another-secret"), shared(), new byte[32]);
        assertFalse(keys.clientToServer().sameSecretAs(otherCookie.clientToServer()));
        assertFalse(keys.isServerProof(otherCookie.serverProof()));
    }

    @Test
    void refusesSecretsAndHashesOfTheWrongShape() {
        assertThrows(IllegalArgumentException.class, () -> KeySchedule.derive(COOKIE, new byte[32], new byte[32]),
            "an all-zero shared secret");
        assertThrows(IllegalArgumentException.class, () -> KeySchedule.derive(COOKIE, new byte[31], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> KeySchedule.derive(COOKIE, shared(), new byte[20]));
    }

    @Test
    void handedOutSecretsAreCopiesAndDestroyForgetsThem() {
        SessionKeys keys = KeySchedule.derive(COOKIE, shared(), new byte[32]);
        TrafficSecret handedOut = keys.clientToServer();
        byte[] proof = keys.clientProof();
        keys.destroy();
        assertFalse(keys.isClientProof(proof));
        assertFalse(keys.clientToServer().sameSecretAs(handedOut), "the copy outlives the original");
        assertFalse(keys.toString().contains("5c93"), keys.toString());
        assertEquals("TrafficSecret[epoch 0, hidden]", handedOut.toString());
    }
}
