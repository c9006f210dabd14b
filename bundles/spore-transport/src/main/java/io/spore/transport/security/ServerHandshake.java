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
import java.util.Locale;

/**
 * The accepting side of one handshake (see {@link Handshake}): {@link #onHello}, then {@link #derive} once the
 * transcript is known (the frame layer knows this node's session id only once its publications are open), then
 * {@link #onResponse}, which returns the welcome; {@link #keys()} then holds the connection's traffic secrets. Any
 * failure ends the handshake; every later step then fails with {@link Failure#UNEXPECTED_STEP}.
 *
 * <p>Not thread-safe: one connection's thread drives it.
 */
public final class ServerHandshake {
    private enum State { AWAITING_HELLO, AWAITING_TRANSCRIPT, AWAITING_RESPONSE, DONE, FAILED }

    private final Cookie cookie;
    private final NodeName self;
    private final int creation;
    private final SecureRandom random;
    private State state = State.AWAITING_HELLO;
    private Hello hello;
    private byte[] serverNonce;
    private byte[] shared;
    private SessionKeys keys;
    private boolean nonceUsed;

    ServerHandshake(Cookie cookie, NodeName self, int creation, SecureRandom random) {
        this.cookie = cookie;
        this.self = self;
        this.creation = creation;
        this.random = random;
    }

    /**
     * @param hello the client's first message
     * @return the challenge, with a fresh nonce and a fresh ephemeral key
     * @throws HandshakeException when called twice, or the client's key is unusable
     */
    public Challenge onHello(Hello hello) throws HandshakeException {
        expect(State.AWAITING_HELLO, "hello");
        EphemeralKey key = EphemeralKey.generate(random);
        try {
            shared = Handshake.agree(key, hello.key(), hello.client());
        } catch (HandshakeException e) {
            state = State.FAILED;
            throw e;
        }
        this.hello = hello;
        serverNonce = Handshake.nonce(random);
        state = State.AWAITING_TRANSCRIPT;
        return new Challenge(self, creation, serverNonce, key.publicKey());
    }

    /**
     * Derives the connection's keys, once the transcript (through the challenge and both session ids) is known.
     *
     * @param transcriptHash the hash of the handshake's transcript
     * @throws HandshakeException {@code UNEXPECTED_STEP} before the hello or after the keys were derived
     */
    public void derive(byte[] transcriptHash) throws HandshakeException {
        expect(State.AWAITING_TRANSCRIPT, "transcript");
        keys = Handshake.derive(cookie, shared, transcriptHash);
        shared = null;
        state = State.AWAITING_RESPONSE;
    }

    /**
     * @param response the client's proof
     * @return the welcome with this side's proof
     * @throws HandshakeException when the response answers another nonce, comes twice, or its proof does not check
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
        if (!keys.isClientProof(response.proof())) {
            throw fail(Failure.WRONG_COOKIE, hello.client() + " does not prove our cookie: its cookie differs (or the"
                + " handshake was altered or relayed in transit); give both nodes the same cookie file");
        }
        state = State.DONE;
        return new Welcome(hello.nonce(), keys.serverProof());
    }

    /** @return whether the client proved itself */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * @return the authenticated client
     * @throws IllegalStateException before the client proved itself
     */
    public AuthenticatedPeer peer() {
        if (state != State.DONE) {
            throw new IllegalStateException("the handshake has not completed");
        }
        return new AuthenticatedPeer(hello.client(), hello.creation());
    }

    /**
     * @return the connection's proofs and traffic secrets, once the client proved itself
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
            throw fail(Failure.UNEXPECTED_STEP, "server handshake of " + self + " cannot take the " + step
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
