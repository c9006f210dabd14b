package io.spore.transport.security;

import io.spore.wire.HandshakeProof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret of a cluster of nodes: the key of the handshake's HMAC. Nodes with the same cookie accept each
 * other; the cookie itself never leaves the node.
 *
 * <p>Immutable; {@link #toString()} never shows the secret, so a cookie can be logged by mistake without harm.
 */
public final class Cookie {
    private final byte[] key;

    private Cookie(byte[] key) {
        this.key = key;
    }

    /**
     * @param text the cookie as written in a cookie file, surrounding white space already removed
     * @return the cookie whose key is the UTF-8 bytes of {@code text}
     * @throws IllegalArgumentException when {@code text} is empty
     */
    public static Cookie of(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a cookie cannot be empty");
        }
        return new Cookie(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a copy of the HMAC key */
    byte[] key() {
        return key.clone();
    }

    /**
     * Proves this cookie over {@code message} without revealing it, as the handshake's proofs do (the same keyed hash,
     * {@link HandshakeProof#hmac}). The caller labels its message, so that a proof made for one purpose never serves
     * another.
     *
     * @param message what to authenticate
     * @return HMAC-SHA256 of {@code message} keyed with this cookie, 32 bytes
     */
    public byte[] mac(byte[] message) {
        return HandshakeProof.hmac(key, message);
    }

    /** Constant time, so the comparison leaks nothing about where two cookies differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Cookie && MessageDigest.isEqual(key, ((Cookie) other).key);
    }

    /** Only the length: a hash of the key would say something about the secret wherever it is printed. */
    @Override
    public int hashCode() {
        return key.length;
    }

    @Override
    public String toString() {
        return "Cookie[" + key.length + " bytes, hidden]";
    }
}
