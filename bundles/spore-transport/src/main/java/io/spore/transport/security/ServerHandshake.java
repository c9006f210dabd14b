package io.spore.transport.security;

import io.spore.api.NodeName;
import io.spore.transport.security.HandshakeException.Failure;
import io.spore.transport.security.HandshakeMessage.Challenge;
import io.spore.transport.security.HandshakeMessage.Hello;
import io.spore.transport.security.HandshakeMessage.Response;
import io.spore.transport.security.HandshakeMessage.Welcome;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The accepting side of one cookie handshake (see {@link Handshake}): {@link #onHello}, then {@link #onResponse},
 * after which {@link #peer()} is the authenticated client. The server nonce is single-use: the first response
 * consumes it, whether it verifies or not, and any later response fails with {@link Failure#REPLAY}.
 *
 * <p>Not thread-safe: one connection's thread drives it.
 */
public final class ServerHandshake {
    private enum State { AWAITING_HELLO, AWAITING_RESPONSE, DONE, FAILED }

    private final Cookie cookie;
    private final NodeName self;
    private final int creation;
    private final SecureRandom random;
    private State state = State.AWAITING_HELLO;
    private Hello hello;
    private byte[] serverNonce;
    private boolean nonceUsed;

    ServerHandshake(Cookie cookie, NodeName self, int creation, SecureRandom random) {
        this.cookie = cookie;
        this.self = self;
        this.creation = creation;
        this.random = random;
    }

    /**
     * @param hello the client's hello
     * @return the challenge, with a nonce issued for this handshake only
     * @throws HandshakeException {@code UNEXPECTED_STEP} when a hello was already taken
     */
    public Challenge onHello(Hello hello) throws HandshakeException {
        expect(State.AWAITING_HELLO, "hello");
        this.hello = hello;
        serverNonce = Handshake.nonce(random);
        state = State.AWAITING_RESPONSE;
        return new Challenge(self, creation, serverNonce);
    }

    /**
     * @param response the client's response
     * @return the welcome proving this node holds the cookie too
     * @throws HandshakeException {@code REPLAY} when the response answers a nonce this handshake did not issue or
     *                            already consumed; {@code WRONG_COOKIE} when the client's proof does not match;
     *                            {@code UNEXPECTED_STEP} before the hello
     */
    public Welcome onResponse(Response response) throws HandshakeException {
        if (nonceUsed) {
            throw fail(Failure.REPLAY, "a second response from " + hello.client() + ": the nonce of this handshake"
                + " was already used");
        }
        expect(State.AWAITING_RESPONSE, "response");
        nonceUsed = true;
        if (!MessageDigest.isEqual(response.serverNonce(), serverNonce)) {
            throw fail(Failure.REPLAY, "the response from " + hello.client() + " answers a nonce this node did not"
                + " issue in this handshake: a replayed response");
        }
        byte[] expected = Handshake.proof(cookie, Handshake.CLIENT_LABEL, hello.nonce(), serverNonce,
            hello.client(), self, hello.creation(), creation);
        if (!MessageDigest.isEqual(expected, response.proof())) {
            throw fail(Failure.WRONG_COOKIE, hello.client() + " does not prove our cookie: its cookie differs (or the"
                + " handshake was altered in transit); give both nodes the same cookie file");
        }
        state = State.DONE;
        return new Welcome(hello.nonce(), Handshake.proof(cookie, Handshake.SERVER_LABEL, hello.nonce(), serverNonce,
            hello.client(), self, hello.creation(), creation));
    }

    /** @return whether the client has been authenticated */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * @return the authenticated client
     * @throws IllegalStateException before the handshake completed
     */
    public AuthenticatedPeer peer() {
        if (state != State.DONE) {
            throw new IllegalStateException("the handshake has not completed");
        }
        return new AuthenticatedPeer(hello.client(), hello.creation());
    }

    private void expect(State expected, String step) throws HandshakeException {
        if (state != expected) {
            State was = state;
            throw fail(Failure.UNEXPECTED_STEP, "server handshake of " + self + " cannot take the " + step
                + " step now (" + was.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
    }

    private HandshakeException fail(Failure failure, String message) {
        state = State.FAILED;
        return new HandshakeException(failure, message);
    }
}
