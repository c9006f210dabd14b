package io.spore.transport.seal;

/**
 * How the messages of a connection are protected: the suites both sides can agree on in a handshake. The measured
 * costs, and why each exists, are in the classes that implement them and in the benchmarks' README.
 *
 * <p>Every suite authenticates the whole message (header, payload, caller's associated data) with a 16-byte tag,
 * with per-epoch, per-direction keys from {@link TrafficSecret}; the layout is {@link SealedLayout}'s.
 *
 * <p>Which to use (measured with {@code SealerBenchmark}, JDK 17, AES-NI, SHA-NI): for confidentiality,
 * {@link #AES_256_CTR_HMAC_SHA256} where the send and receive paths must allocate nothing (the fastest below a few
 * hundred bytes, 1.5x AES-GCM's time at a full 1,400-byte batch), {@link #AES_256_GCM} where time per large message
 * matters more than about 1 KB of garbage per message and per side; {@link #CHACHA20_POLY1305} is 2 to 15 times
 * slower than AES-GCM here and allocates more, for peers without AES hardware only. For integrity alone,
 * {@link #HMAC_SHA256}.
 */
public enum Suite {
    /** AES-256-GCM, the JDK's: encrypts and authenticates; allocates about 1 KB per message on JDK 17. */
    AES_256_GCM(1, true),
    /** ChaCha20-Poly1305, the JDK's: encrypts and authenticates; several times slower than AES-GCM on JDK 17. */
    CHACHA20_POLY1305(2, true),
    /** AES-256-CTR then HMAC-SHA256-128 (encrypt-then-MAC): encrypts and authenticates; allocates nothing. */
    AES_256_CTR_HMAC_SHA256(3, true),
    /** HMAC-SHA256-128 only: authenticates, the payload travels clear; allocates nothing. */
    HMAC_SHA256(4, false);

    private static final Suite[] VALUES = values();

    private final int code;
    private final boolean encrypts;

    Suite(int code, boolean encrypts) {
        this.code = code;
        this.encrypts = encrypts;
    }

    /** @return the suite's number, for a handshake to name it; stable across versions */
    public int code() {
        return code;
    }

    /** @return whether the payload is encrypted ({@code false}: only authenticated) */
    public boolean encrypts() {
        return encrypts;
    }

    /**
     * @param code a suite's {@link #code()}
     * @return the suite
     * @throws IllegalArgumentException when no suite has that number
     */
    public static Suite ofCode(int code) {
        for (Suite suite : VALUES) {
            if (suite.code == code) {
                return suite;
            }
        }
        throw new IllegalArgumentException("no sealing suite has number " + code + " (a newer peer's?)");
    }

    /** @return this suite's cipher for the epoch of {@code secret} */
    EpochCipher newCipher(TrafficSecret secret) {
        switch (this) {
            case AES_256_GCM:
            case CHACHA20_POLY1305:
                return new JdkAeadCipher(this, secret);
            case AES_256_CTR_HMAC_SHA256:
                return new CtrHmacCipher(secret);
            case HMAC_SHA256:
                return new HmacCipher(secret);
            default:
                throw new IllegalStateException("no cipher for " + this);
        }
    }
}
