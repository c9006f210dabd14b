package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.transport.security.HandshakeException.Failure;
import io.spore.transport.security.HandshakeMessage.Challenge;
import io.spore.transport.security.HandshakeMessage.Hello;
import io.spore.transport.security.HandshakeMessage.Response;
import io.spore.transport.security.HandshakeMessage.Welcome;
import io.spore.transport.seal.Opener;
import io.spore.transport.seal.SealedLayout;
import io.spore.transport.seal.Sealer;
import io.spore.transport.seal.Suite;
import io.spore.transport.seal.Transcript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeTest {
    private static final NodeName A = NodeName.parse("a@alpha");
    private static final NodeName B = NodeName.parse("b@beta");
    private static final Cookie COOKIE = Cookie.of("the-cluster-secret");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static ClientHandshake client(Cookie cookie) {
        return Handshake.client(cookie, A, 11, B, RANDOM);
    }

    private static ServerHandshake server(Cookie cookie) {
        return Handshake.server(cookie, B, 22, RANDOM);
    }

    /** What the frame layer records, reduced to the messages' own items: both sides hash what they saw. */
    private static byte[] transcript(Hello hello, Challenge challenge) {
        return new Transcript("handshake test").add(hello.client().toString()).add(hello.creation())
            .add(hello.nonce()).add(hello.key()).add(challenge.server().toString()).add(challenge.creation())
            .add(challenge.nonce()).add(challenge.key()).hash();
    }

    /** The server's step after its challenge: keys over what it saw. */
    private static Challenge challenged(ServerHandshake server, Hello hello) throws HandshakeException {
        Challenge challenge = server.onHello(hello);
        server.derive(transcript(hello, challenge));
        return challenge;
    }

    /** The client's answer, over what it saw. */
    private static Response answer(ClientHandshake client, Hello hello, Challenge challenge)
        throws HandshakeException {
        return client.onChallenge(challenge, transcript(hello, challenge));
    }

    @Test
    void nodesWithTheSameCookieAuthenticateEachOther() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);

        Hello hello = client.hello();
        Challenge challenge = challenged(server, hello);
        Response response = answer(client, hello, challenge);
        Welcome welcome = server.onResponse(response);
        AuthenticatedPeer serverSeen = client.onWelcome(welcome);

        assertEquals(new AuthenticatedPeer(B, 22), serverSeen);
        assertEquals(new AuthenticatedPeer(A, 11), server.peer());
        assertTrue(client.isDone() && server.isDone());
        assertEquals(Handshake.NONCE_LENGTH, hello.nonce().length);
        assertFalse(Arrays.equals(hello.nonce(), challenge.nonce()), "each side brings its own nonce");
        assertFalse(Arrays.equals(hello.key(), challenge.key()), "each side brings its own ephemeral key");

        // Both came out with the same traffic secrets: what one seals, the other opens, in each direction.
        byte[] message = "first sealed frame".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = new byte[message.length + SealedLayout.OVERHEAD];
        new Sealer(Suite.AES_256_CTR_HMAC_SHA256, client.keys().clientToServer()).seal(message, 0, message.length,
            sealed, 0);
        byte[] opened = new byte[message.length];
        assertEquals(message.length, new Opener(Suite.AES_256_CTR_HMAC_SHA256, server.keys().clientToServer())
            .open(sealed, 0, sealed.length, opened, 0));
        assertArrayEquals(message, opened);
        new Sealer(Suite.AES_256_GCM, server.keys().serverToClient()).seal(message, 0, message.length, sealed, 0);
        assertEquals(message.length, new Opener(Suite.AES_256_GCM, client.keys().serverToClient())
            .open(sealed, 0, sealed.length, opened, 0));
        assertTrue(new Opener(Suite.AES_256_GCM, client.keys().clientToServer())
            .open(sealed, 0, sealed.length, opened, 0) < 0, "a direction's messages never open in the other");
    }

    @Test
    void aKeyOfSmallOrderIsRefused() throws HandshakeException {
        Hello hello = client(COOKIE).hello();
        Hello zeroKey = new Hello(hello.client(), hello.creation(), hello.nonce(), new byte[Handshake.KEY_LENGTH]);
        assertFailure(Failure.BAD_KEY, () -> server(COOKIE).onHello(zeroKey));

        ClientHandshake client = client(COOKIE);
        Hello mine = client.hello();
        Challenge challenge = server(COOKIE).onHello(mine);
        Challenge zero = new Challenge(challenge.server(), challenge.creation(), challenge.nonce(),
            new byte[Handshake.KEY_LENGTH]);
        assertFailure(Failure.BAD_KEY, () -> client.onChallenge(zero, transcript(mine, zero)));
    }

    @Test
    void theCookieAppearsInNoMessage() throws HandshakeException {
        byte[] secret = "the-cluster-secret".getBytes(StandardCharsets.UTF_8);
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        Challenge challenge = challenged(server, hello);
        Response response = answer(client, hello, challenge);
        Welcome welcome = server.onResponse(response);
        for (byte[] part : new byte[][] {hello.nonce(), challenge.nonce(), response.proof(), response.serverNonce(),
            welcome.proof(), welcome.clientNonce(), hello.toString().getBytes(StandardCharsets.UTF_8),
            response.toString().getBytes(StandardCharsets.UTF_8)}) {
            assertFalse(contains(part, secret));
        }
    }

    @Test
    void aClientWithAnotherCookieIsRefusedByTheServer() throws HandshakeException {
        ClientHandshake client = client(Cookie.of("a-guess"));
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        Response response = answer(client, hello, challenged(server, hello));
        assertFailure(Failure.WRONG_COOKIE, () -> server.onResponse(response));
        assertFalse(server.isDone());
        assertThrows(IllegalStateException.class, server::peer);
    }

    @Test
    void aServerWithAnotherCookieIsRefusedByTheClient() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        // An impostor cannot compute a valid welcome: the proof it makes from its own cookie is refused.
        ServerHandshake impostor = server(Cookie.of("impostor"));
        Hello hello = client.hello();
        Challenge challenge = challenged(impostor, hello);
        Response response = answer(client, hello, challenge);
        byte[] impostorProof = impostorsProof(impostor, response);
        assertFailure(Failure.WRONG_COOKIE, () -> client.onWelcome(new Welcome(hello.nonce(), impostorProof)));
        assertFalse(client.isDone());
    }

    /** The welcome proof an impostor can make: it cannot accept the response, so it takes its own keys' proof. */
    private static byte[] impostorsProof(ServerHandshake impostor, Response response) {
        try {
            return impostor.onResponse(response).proof();
        } catch (HandshakeException refused) {
            assertEquals(Failure.WRONG_COOKIE, refused.failure());
            return new byte[Handshake.PROOF_LENGTH]; // the proof an impostor would have to guess
        }
    }

    @Test
    void aRecordedResponseFromAnEarlierHandshakeIsRefused() throws HandshakeException {
        // An eavesdropper records a complete handshake...
        ClientHandshake client = client(COOKIE);
        ServerHandshake earlier = server(COOKIE);
        Hello hello = client.hello();
        Response recorded = answer(client, hello, challenged(earlier, hello));
        earlier.onResponse(recorded);

        // ...and replays it against a new one: the server has issued a new nonce.
        ServerHandshake later = server(COOKIE);
        challenged(later, hello);
        assertFailure(Failure.REPLAY, () -> later.onResponse(recorded));

        // Pointing the recorded proof at the new nonce does not help: the proof covers the nonce and the new keys.
        ServerHandshake again = server(COOKIE);
        Challenge fresh = challenged(again, hello);
        assertFailure(Failure.WRONG_COOKIE, () -> again.onResponse(new Response(fresh.nonce(), recorded.proof())));
    }

    @Test
    void aNonceServesOneResponseOnly() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        Response response = answer(client, hello, challenged(server, hello));
        server.onResponse(response);
        assertFailure(Failure.REPLAY, () -> server.onResponse(response));

        ClientHandshake guesser = client(Cookie.of("guess"));
        ServerHandshake target = server(COOKIE);
        Hello guess = guesser.hello();
        Challenge challenge = challenged(target, guess);
        Response wrong = answer(guesser, guess, challenge);
        assertFailure(Failure.WRONG_COOKIE, () -> target.onResponse(wrong));
        // The failed attempt used the nonce up: any response over it is refused now.
        assertFailure(Failure.REPLAY, () -> target.onResponse(wrong));
    }

    @Test
    void tamperedNamesBreakTheProof() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        // A man in the middle renames the client: the server records the forged name, the client did not.
        Hello renamed = new Hello(NodeName.parse("mallory@alpha"), hello.creation(), hello.nonce(), hello.key());
        Challenge toRenamed = challenged(server, renamed);
        Response response = answer(client, hello, toRenamed);
        assertFailure(Failure.WRONG_COOKIE, () -> server.onResponse(response));

        // Renaming the server towards a client that expects no particular server breaks the proof as well.
        ClientHandshake open = Handshake.client(COOKIE, A, 11, null, RANDOM);
        ServerHandshake real = server(COOKIE);
        Hello openHello = open.hello();
        Challenge challenge = challenged(real, openHello);
        Challenge forgedChallenge = new Challenge(NodeName.parse("mallory@beta"), 22, challenge.nonce(),
            challenge.key());
        Response forged = answer(open, openHello, forgedChallenge);
        assertFailure(Failure.WRONG_COOKIE, () -> real.onResponse(forged));

        // A changed creation is caught the same way.
        ClientHandshake third = client(COOKIE);
        ServerHandshake serverThree = server(COOKIE);
        Hello helloThree = third.hello();
        Challenge challengeThree = challenged(serverThree,
            new Hello(helloThree.client(), 99, helloThree.nonce(), helloThree.key()));
        Response responseThree = answer(third, helloThree, challengeThree);
        assertFailure(Failure.WRONG_COOKIE, () -> serverThree.onResponse(responseThree));
    }

    @Test
    void aClientRefusesAServerItDidNotMeanToReach() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake other = Handshake.server(COOKIE, NodeName.parse("c@beta"), 33, RANDOM);
        Hello hello = client.hello();
        Challenge challenge = challenged(other, hello);
        assertFailure(Failure.WRONG_PEER, () -> answer(client, hello, challenge));
    }

    @Test
    void stepsOutOfOrderAreRefusedAndEndTheHandshake() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        byte[] nonce = new byte[Handshake.NONCE_LENGTH];
        byte[] key = new byte[Handshake.KEY_LENGTH];
        assertFailure(Failure.UNEXPECTED_STEP, () -> client.onChallenge(new Challenge(B, 22, nonce, key),
            new byte[32]));
        assertFailure(Failure.UNEXPECTED_STEP, client::hello);

        assertFailure(Failure.UNEXPECTED_STEP,
            () -> server.onResponse(new Response(nonce, new byte[Handshake.PROOF_LENGTH])));

        ClientHandshake twice = client(COOKIE);
        twice.hello();
        assertFailure(Failure.UNEXPECTED_STEP, twice::hello);

        ServerHandshake helloTwice = server(COOKIE);
        Hello hello = client(COOKIE).hello();
        helloTwice.onHello(hello);
        assertFailure(Failure.UNEXPECTED_STEP, () -> helloTwice.onHello(hello));

        ServerHandshake noTranscript = server(COOKIE);
        noTranscript.onHello(client(COOKIE).hello());
        assertFailure(Failure.UNEXPECTED_STEP,
            () -> noTranscript.onResponse(new Response(nonce, new byte[Handshake.PROOF_LENGTH])));
    }

    @Test
    void aWelcomeForAnotherHandshakeIsAReplay() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        answer(client, hello, challenged(server, hello));
        byte[] otherNonce = new byte[Handshake.NONCE_LENGTH];
        assertFailure(Failure.REPLAY,
            () -> client.onWelcome(new Welcome(otherNonce, new byte[Handshake.PROOF_LENGTH])));
    }

    @Test
    void malformedPartsAreRefusedWhenTheMessageIsMade() {
        byte[] key = new byte[Handshake.KEY_LENGTH];
        assertThrows(IllegalArgumentException.class, () -> new Hello(A, 1, new byte[3], key));
        assertThrows(IllegalArgumentException.class, () -> new Hello(A, 1, new byte[Handshake.NONCE_LENGTH],
            new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Response(new byte[16], new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(null, 1, new byte[16], key));
    }

    private static void assertFailure(Failure expected, Executable step) {
        HandshakeException e = assertThrows(HandshakeException.class, step);
        assertEquals(expected, e.failure(), e.getMessage());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
