package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.transport.seal.KeyLimits;
import io.spore.transport.seal.SessionKeys;
import io.spore.transport.seal.Suite;

import java.util.List;

/**
 * What this node's {@link WireSecurity} means in a handshake: the suites it offers when it connects, the suite it
 * chooses when it accepts, whether a peer's choice matches, and the {@link ConnectionSeal} the keys become. Two nodes
 * with different modes, or without a suite in common, refuse each other: the connecting node sees the difference in
 * the Challenge and says why in its Goodbye, the accepting one checks again before it trusts the response, and both
 * log the same one-line reason.
 *
 * <p>Threading: immutable.
 */
final class HandshakeSecurity {
    /** The encrypting suites in the order an accepting node falls back through them. */
    private static final List<Suite> SEALING = List.of(Suite.AES_256_CTR_HMAC_SHA256, Suite.AES_256_GCM,
        Suite.CHACHA20_POLY1305);

    private final NodeName self;
    private final WireSecurity mode;
    private final Suite preferred;
    private final KeyLimits limits;

    HandshakeSecurity(NodeName self, WireSecurity mode, Suite preferred, KeyLimits limits) {
        this.self = self;
        this.mode = mode;
        this.preferred = preferred;
        this.limits = limits;
    }

    WireSecurity mode() {
        return mode;
    }

    /** @return the suites a Hello of this node offers */
    int offeredSuites() {
        return mode.offeredSuites();
    }

    /**
     * The accepting side's choice.
     *
     * @param peerMode the Hello's wire security (raw)
     * @param offered  the Hello's suites
     * @return the suite to seal with, or {@code null} under NONE or when nothing matches (the handshake will be
     *         refused with the reason)
     */
    Suite chooseSuite(short peerMode, short offered) {
        if (mode.code().value() != peerMode) {
            return null;
        }
        return switch (mode) {
            case NONE -> null;
            case AUTHENTICATED -> (offered & WireSecurity.bit(Suite.HMAC_SHA256)) != 0 ? Suite.HMAC_SHA256 : null;
            case SEALED -> {
                if ((offered & WireSecurity.bit(preferred)) != 0) {
                    yield preferred;
                }
                yield SEALING.stream().filter(s -> (offered & WireSecurity.bit(s)) != 0).findFirst().orElse(null);
            }
        };
    }

    /**
     * @param peer     the other node
     * @param peerMode its wire security (raw)
     * @param chosen   the suite code the accepting side chose (0 for none)
     * @param offered  the suites the connecting side offered
     * @return why the two cannot talk, in one line, or {@code null} when they can
     */
    String mismatch(NodeName peer, short peerMode, short chosen, short offered) {
        WireSecurity theirs = WireSecurity.of(io.spore.wire.sbe.WireSecurity.get(peerMode));
        if (theirs != mode) {
            return "wire security differs: " + self + " runs " + mode.option() + ", " + peer + " runs "
                + (theirs == null ? "an unknown mode (" + peerMode + ")" : theirs.option())
                + "; give both nodes the same --wire-security";
        }
        if (mode == WireSecurity.NONE) {
            return chosen == 0 ? null : "wire security none, yet a suite (" + chosen + ") was chosen";
        }
        Suite suite = suite(chosen);
        if (suite == null || !mode.allows(suite) || (offered & WireSecurity.bit(suite)) == 0) {
            return "no sealing suite in common between " + self + " and " + peer + " under wire security "
                + mode.option() + " (chose " + (suite == null ? "none" : suite) + "): run the same Spore version";
        }
        return null;
    }

    /** @return the suite of {@code code}, or {@code null} for 0 or a code this node does not know */
    static Suite suite(short code) {
        if (code == 0) {
            return null;
        }
        try {
            return Suite.ofCode(code);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** @return what seals the connection the keys were derived for, or {@code null} under NONE (keys destroyed) */
    ConnectionSeal seal(SessionKeys keys, boolean client, Suite suite) {
        if (suite == null) {
            keys.destroy();
            return null;
        }
        return ConnectionSeal.of(keys, client, suite, limits);
    }
}
