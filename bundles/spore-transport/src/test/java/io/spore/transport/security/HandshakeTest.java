package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.transport.security.HandshakeException.Failure;
import io.spore.transport.security.HandshakeMessage.Challenge;
import io.spore.transport.security.HandshakeMessage.Hello;
import io.spore.transport.security.HandshakeMessage.Response;
import io.spore.transport.security.HandshakeMessage.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

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

    @Test
    void nodesWithTheSameCookieAuthenticateEachOther() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);

        Hello hello = client.hello();
        Challenge challenge = server.onHello(hello);
        Response response = client.onChallenge(challenge);
        Welcome welcome = server.onResponse(response);
        AuthenticatedPeer serverSeen = client.onWelcome(welcome);

        assertEquals(new AuthenticatedPeer(B, 22), serverSeen);
        assertEquals(new AuthenticatedPeer(A, 11), server.peer());
        assertTrue(client.isDone() && server.isDone());
        assertEquals(Handshake.NONCE_LENGTH, hello.nonce().length);
        assertFalse(Arrays.equals(hello.nonce(), challenge.nonce()), "each side brings its own nonce");
    }

    @Test
    void theCookieAppearsInNoMessage() throws HandshakeException {
        byte[] secret = "the-cluster-secret".getBytes(StandardCharsets.UTF_8);
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        Challenge challenge = server.onHello(hello);
        Response response = client.onChallenge(challenge);
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
        Response response = client.onChallenge(server.onHello(client.hello()));
        assertFailure(Failure.WRONG_COOKIE, () -> server.onResponse(response));
        assertFalse(server.isDone());
        assertThrows(IllegalStateException.class, server::peer);
    }

    @Test
    void aServerWithAnotherCookieIsRefusedByTheClient() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        // An impostor cannot compute a valid welcome; here it simply answers with a proof made from its own cookie.
        ServerHandshake impostor = server(Cookie.of("impostor"));
        Hello hello = client.hello();
        Challenge challenge = impostor.onHello(hello);
        Response response = client.onChallenge(challenge);
        byte[] impostorProof = Handshake.proof(Cookie.of("impostor"), Handshake.SERVER_LABEL, hello.nonce(),
            challenge.nonce(), A, B, 11, 22);
        assertFailure(Failure.WRONG_COOKIE, () -> client.onWelcome(new Welcome(hello.nonce(), impostorProof)));
        assertFalse(client.isDone());
        assertFailure(Failure.WRONG_COOKIE, () -> impostor.onResponse(response));
    }

    @Test
    void aRecordedResponseFromAnEarlierHandshakeIsRefused() throws HandshakeException {
        // An eavesdropper records a complete handshake...
        ClientHandshake client = client(COOKIE);
        ServerHandshake earlier = server(COOKIE);
        Hello hello = client.hello();
        Response recorded = client.onChallenge(earlier.onHello(hello));
        earlier.onResponse(recorded);

        // ...and replays it against a new one: the server has issued a new nonce.
        ServerHandshake later = server(COOKIE);
        later.onHello(hello);
        assertFailure(Failure.REPLAY, () -> later.onResponse(recorded));

        // Pointing the recorded proof at the new nonce does not help: the proof covers the nonce.
        ServerHandshake again = server(COOKIE);
        Challenge fresh = again.onHello(hello);
        assertFailure(Failure.WRONG_COOKIE, () -> again.onResponse(new Response(fresh.nonce(), recorded.proof())));
    }

    @Test
    void aNonceServesOneResponseOnly() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Response response = client.onChallenge(server.onHello(client.hello()));
        server.onResponse(response);
        assertFailure(Failure.REPLAY, () -> server.onResponse(response));

        ClientHandshake guesser = client(Cookie.of("guess"));
        ServerHandshake target = server(COOKIE);
        Challenge challenge = target.onHello(guesser.hello());
        Response wrong = guesser.onChallenge(challenge);
        assertFailure(Failure.WRONG_COOKIE, () -> target.onResponse(wrong));
        // The failed attempt used the nonce up: even a valid proof over it is refused now.
        ClientHandshake honest = client(COOKIE);
        honest.hello();
        Response right = honest.onChallenge(challenge);
        assertFailure(Failure.REPLAY, () -> target.onResponse(right));
    }

    @Test
    void tamperedNamesBreakTheProof() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        Hello hello = client.hello();
        // A man in the middle renames the client: the server computes over the forged name, the client did not.
        Hello renamed = new Hello(NodeName.parse("mallory@alpha"), hello.creation(), hello.nonce());
        Response response = client.onChallenge(server.onHello(renamed));
        assertFailure(Failure.WRONG_COOKIE, () -> server.onResponse(response));

        // Renaming the server towards a client that expects no particular server breaks the proof as well.
        ClientHandshake open = Handshake.client(COOKIE, A, 11, null, RANDOM);
        ServerHandshake real = server(COOKIE);
        Challenge challenge = real.onHello(open.hello());
        Response forged = open.onChallenge(new Challenge(NodeName.parse("mallory@beta"), 22, challenge.nonce()));
        assertFailure(Failure.WRONG_COOKIE, () -> real.onResponse(forged));

        // A changed creation is caught the same way.
        ClientHandshake third = client(COOKIE);
        ServerHandshake serverThree = server(COOKIE);
        Hello helloThree = third.hello();
        Response responseThree = third.onChallenge(serverThree.onHello(
            new Hello(helloThree.client(), 99, helloThree.nonce())));
        assertFailure(Failure.WRONG_COOKIE, () -> serverThree.onResponse(responseThree));
    }

    @Test
    void aClientRefusesAServerItDidNotMeanToReach() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake other = Handshake.server(COOKIE, NodeName.parse("c@beta"), 33, RANDOM);
        Challenge challenge = other.onHello(client.hello());
        assertFailure(Failure.WRONG_PEER, () -> client.onChallenge(challenge));
    }

    @Test
    void stepsOutOfOrderAreRefusedAndEndTheHandshake() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        byte[] nonce = new byte[Handshake.NONCE_LENGTH];
        assertFailure(Failure.UNEXPECTED_STEP, () -> client.onChallenge(new Challenge(B, 22, nonce)));
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
    }

    @Test
    void aWelcomeForAnotherHandshakeIsAReplay() throws HandshakeException {
        ClientHandshake client = client(COOKIE);
        ServerHandshake server = server(COOKIE);
        client.onChallenge(server.onHello(client.hello()));
        byte[] otherNonce = new byte[Handshake.NONCE_LENGTH];
        assertFailure(Failure.REPLAY,
            () -> client.onWelcome(new Welcome(otherNonce, new byte[Handshake.PROOF_LENGTH])));
    }

    @Test
    void malformedPartsAreRefusedWhenTheMessageIsMade() {
        assertThrows(IllegalArgumentException.class, () -> new Hello(A, 1, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new Response(new byte[16], new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(null, 1, new byte[16]));
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
