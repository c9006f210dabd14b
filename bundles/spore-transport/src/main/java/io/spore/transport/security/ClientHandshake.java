package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.transport.security.HandshakeException.Failure;
import io.spore.transport.security.HandshakeMessage.Challenge;
import io.spore.transport.security.HandshakeMessage.Hello;
import io.spore.transport.security.HandshakeMessage.Response;
import io.spore.transport.security.HandshakeMessage.Welcome;
import io.spore.transport.seal.EphemeralKey;
import io.spore.transport.seal.SessionKeys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * The connecting side of one handshake (see {@link Handshake}): {@link #hello()}, then {@link #onChallenge}, then
 * {@link #onWelcome}, which returns the authenticated peer; {@link #keys()} then holds the connection's traffic
 * secrets. Any failure ends the handshake; every later step then fails with {@link Failure#UNEXPECTED_STEP}.
 *
 * <p>Not thread-safe: one connection's thread drives it.
 */
public final class ClientHandshake {
    private enum State { NEW, AWAITING_CHALLENGE, AWAITING_WELCOME, DONE, FAILED }

    private final Cookie cookie;
    private final NodeName self;
    private final int creation;
    private final NodeName expectedServer;
    private final SecureRandom random;
    private State state = State.NEW;
    private byte[] clientNonce;
    private EphemeralKey key;
    private Challenge challenge;
    private SessionKeys keys;

    ClientHandshake(Cookie cookie, NodeName self, int creation, NodeName expectedServer, SecureRandom random) {
        this.cookie = cookie;
        this.self = self;
        this.creation = creation;
        this.expectedServer = expectedServer;
        this.random = random;
    }

    /**
     * @return the first message, with a fresh nonce and a fresh ephemeral key
     * @throws HandshakeException {@code UNEXPECTED_STEP} when called twice
     */
    public Hello hello() throws HandshakeException {
        expect(State.NEW, "hello");
        clientNonce = Handshake.nonce(random);
        key = EphemeralKey.generate(random);
        state = State.AWAITING_CHALLENGE;
        return new Hello(self, creation, clientNonce, key.publicKey());
    }

    /**
     * @param challenge      the server's answer
     * @param transcriptHash the hash of the handshake's transcript, which the frame layer recorded through this
     *                       challenge and both session ids
     * @return the response proving this side's cookie and its part in this key exchange
     * @throws HandshakeException when the server is not the one meant, reflects our nonce, or sends a bad key
     */
    public Response onChallenge(Challenge challenge, byte[] transcriptHash) throws HandshakeException {
        expect(State.AWAITING_CHALLENGE, "challenge");
        if (expectedServer != null && !expectedServer.equals(challenge.server())) {
            throw fail(Failure.WRONG_PEER, "reached " + challenge.server() + " instead of " + expectedServer
                + ": the name service or a static route points at the wrong node");
        }
        if (Arrays.equals(challenge.nonce(), clientNonce)) {
            throw fail(Failure.REPLAY, challenge.server() + " sent back our own nonce: a reflected hello");
        }
        byte[] shared;
        try {
            shared = Handshake.agree(key, challenge.key(), challenge.server());
        } catch (HandshakeException e) {
            state = State.FAILED;
            throw e;
        }
        this.challenge = challenge;
        this.keys = Handshake.derive(cookie, shared, transcriptHash);
        state = State.AWAITING_WELCOME;
        return new Response(challenge.nonce(), keys.clientProof());
    }

    /**
     * @param welcome the server's last message
     * @return the authenticated server
     * @throws HandshakeException when the welcome answers another handshake or its proof does not check
     */
    public AuthenticatedPeer onWelcome(Welcome welcome) throws HandshakeException {
        expect(State.AWAITING_WELCOME, "welcome");
        if (!MessageDigest.isEqual(welcome.clientNonce(), clientNonce)) {
            throw fail(Failure.REPLAY, "the welcome from " + challenge.server() + " answers another handshake");
        }
        if (!keys.isServerProof(welcome.proof())) {
            throw fail(Failure.WRONG_COOKIE, challenge.server() + " does not prove our cookie: its cookie differs"
                + " (or the handshake was altered or relayed in transit); give both nodes the same cookie file");
        }
        state = State.DONE;
        return new AuthenticatedPeer(challenge.server(), challenge.creation());
    }

    /** @return whether the server proved itself */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * @return the connection's proofs and traffic secrets, once the server proved itself
     * @throws IllegalStateException before that
     */
    public SessionKeys keys() {
        if (state != State.DONE) {
            throw new IllegalStateException("the handshake has not completed");
        }
        return keys;
    }

    private void expect(State expected, String step) throws HandshakeException {
        if (state != expected) {
            State was = state;
            throw fail(Failure.UNEXPECTED_STEP, "client handshake of " + self + " cannot take the " + step
                + " step now (" + was.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
    }

    private HandshakeException fail(Failure failure, String message) {
        state = State.FAILED;
        if (keys != null) {
            keys.destroy();
        }
        return new HandshakeException(failure, message);
    }
}
