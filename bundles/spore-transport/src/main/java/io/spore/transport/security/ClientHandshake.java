package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.transport.security.HandshakeException.Failure;
import io.spore.transport.security.HandshakeMessage.Challenge;
import io.spore.transport.security.HandshakeMessage.Hello;
import io.spore.transport.security.HandshakeMessage.Response;
import io.spore.transport.security.HandshakeMessage.Welcome;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * The connecting side of one cookie handshake (see {@link Handshake}): {@link #hello()}, then
 * {@link #onChallenge}, then {@link #onWelcome}, which returns the authenticated peer. Any failure ends the
 * handshake; every later step then fails with {@link Failure#UNEXPECTED_STEP}.
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
    private Challenge challenge;

    ClientHandshake(Cookie cookie, NodeName self, int creation, NodeName expectedServer, SecureRandom random) {
        this.cookie = cookie;
        this.self = self;
        this.creation = creation;
        this.expectedServer = expectedServer;
        this.random = random;
    }

    /**
     * @return the first message, with a fresh client nonce
     * @throws HandshakeException {@code UNEXPECTED_STEP} when the hello was already made
     */
    public Hello hello() throws HandshakeException {
        expect(State.NEW, "hello");
        clientNonce = Handshake.nonce(random);
        state = State.AWAITING_CHALLENGE;
        return new Hello(self, creation, clientNonce);
    }

    /**
     * @param challenge the server's challenge
     * @return the response proving this node holds the cookie
     * @throws HandshakeException {@code UNEXPECTED_STEP} out of order; {@code WRONG_PEER} when the server is not the
     *                            expected node; {@code REPLAY} when the challenge carries this side's own nonce
     *                            (a reflection)
     */
    public Response onChallenge(Challenge challenge) throws HandshakeException {
        expect(State.AWAITING_CHALLENGE, "challenge");
        if (expectedServer != null && !expectedServer.equals(challenge.server())) {
            throw fail(Failure.WRONG_PEER, "reached " + challenge.server() + " instead of " + expectedServer
                + ": the name service or a static route points at the wrong node");
        }
        if (Arrays.equals(challenge.nonce(), clientNonce)) {
            throw fail(Failure.REPLAY, challenge.server() + " sent back our own nonce: a reflected hello");
        }
        this.challenge = challenge;
        state = State.AWAITING_WELCOME;
        return new Response(challenge.nonce(), Handshake.proof(cookie, Handshake.CLIENT_LABEL, clientNonce,
            challenge.nonce(), self, challenge.server(), creation, challenge.creation()));
    }

    /**
     * @param welcome the server's welcome
     * @return the server, now known to hold the same cookie
     * @throws HandshakeException {@code UNEXPECTED_STEP} out of order; {@code REPLAY} when it answers another
     *                            client nonce; {@code WRONG_COOKIE} when the server's proof does not match
     */
    public AuthenticatedPeer onWelcome(Welcome welcome) throws HandshakeException {
        expect(State.AWAITING_WELCOME, "welcome");
        if (!MessageDigest.isEqual(welcome.clientNonce(), clientNonce)) {
            throw fail(Failure.REPLAY, "the welcome from " + challenge.server() + " answers another handshake");
        }
        byte[] expected = Handshake.proof(cookie, Handshake.SERVER_LABEL, clientNonce, challenge.nonce(), self,
            challenge.server(), creation, challenge.creation());
        if (!MessageDigest.isEqual(expected, welcome.proof())) {
            throw fail(Failure.WRONG_COOKIE, challenge.server() + " does not prove our cookie: its cookie differs"
                + " (or the handshake was altered in transit); give both nodes the same cookie file");
        }
        state = State.DONE;
        return new AuthenticatedPeer(challenge.server(), challenge.creation());
    }

    /** @return whether the server has been authenticated */
    public boolean isDone() {
        return state == State.DONE;
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
        return new HandshakeException(failure, message);
    }
}
