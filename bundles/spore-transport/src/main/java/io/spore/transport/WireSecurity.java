package io.spore.transport;

import io.spore.api.SporeException;
import io.spore.transport.seal.Suite;

import java.util.Locale;

/**
 * How a node protects its frames after the handshake; both nodes of a connection must run the same, or they refuse
 * each other with the reason on both sides. Every mode runs the same handshake (cookie proofs bound to an X25519
 * key exchange and the whole transcript): they differ in what protects the frames that follow.
 */
public enum WireSecurity {
    /** Every message encrypted and authenticated: what a stranger on the path can neither read nor forge. */
    SEALED(io.spore.wire.sbe.WireSecurity.SEALED),
    /**
     * Every message authenticated (HMAC-SHA256-128) but clear: forged, replayed and altered messages are dropped, and
     * anyone on the path can read them. For a network where confidentiality is not needed and a little speed is.
     */
    AUTHENTICATED(io.spore.wire.sbe.WireSecurity.AUTHENTICATED),
    /**
     * Clear frames, trusted for their Aeron session: anyone who sees the traffic can read it and inject frames as a
     * connected peer. Only with {@code --insecure-network}, and a warning at every start.
     */
    NONE(io.spore.wire.sbe.WireSecurity.NONE);

    private final io.spore.wire.sbe.WireSecurity code;

    WireSecurity(io.spore.wire.sbe.WireSecurity code) {
        this.code = code;
    }

    /** @return the schema's value of this mode */
    io.spore.wire.sbe.WireSecurity code() {
        return code;
    }

    /**
     * @param code a mode as a handshake frame carried it
     * @return the mode, or {@code null} for one this node does not know (a newer peer's, or garbage)
     */
    static WireSecurity of(io.spore.wire.sbe.WireSecurity code) {
        for (WireSecurity mode : values()) {
            if (mode.code == code) {
                return mode;
            }
        }
        return null;
    }

    /** @return the suites this node offers under this mode, as the handshake's bit set: bit (code - 1) per suite */
    int offeredSuites() {
        return switch (this) {
            case SEALED -> bit(Suite.AES_256_CTR_HMAC_SHA256) | bit(Suite.AES_256_GCM) | bit(Suite.CHACHA20_POLY1305);
            case AUTHENTICATED -> bit(Suite.HMAC_SHA256);
            case NONE -> 0;
        };
    }

    /** @return whether {@code suite} may protect frames under this mode */
    boolean allows(Suite suite) {
        return (offeredSuites() & bit(suite)) != 0;
    }

    static int bit(Suite suite) {
        return 1 << (suite.code() - 1);
    }

    /** @return the mode as the command line names it: {@code sealed}, {@code authenticated} or {@code none} */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code sealed}, {@code authenticated} or {@code none}, in any case
     * @return the mode
     * @throws SporeException {@code INVALID_ARGUMENT} naming the modes there are
     */
    public static WireSecurity parse(String text) {
        for (WireSecurity mode : values()) {
            if (mode.option().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "unknown wire security '" + text
            + "': expected sealed (the default), authenticated or none (with the insecure-network option)");
    }
}
