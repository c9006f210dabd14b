package io.spore.benchmarks;

import io.spore.transport.seal.EphemeralKey;
import io.spore.transport.seal.KeySchedule;
import io.spore.transport.seal.SessionKeys;
import io.spore.transport.seal.Transcript;
import io.spore.transport.security.Cookie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the sealed handshake adds to a connection, per side: an ephemeral X25519 key pair, the agreement with the
 * peer's key, the transcript hash and the key schedule (HKDF). No network and no messages: the cryptography only.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SealHandshakeBenchmark -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SealHandshakeBenchmark {
    private final SecureRandom random = new SecureRandom();
    private final Cookie cookie = Cookie.of("benchmark-cookie-0123456789abcdef");
    private byte[] peerPublicKey;
    private byte[] shared;
    private byte[] transcriptHash;

    @Setup
    public void setUp() throws InvalidKeyException {
        EphemeralKey peer = EphemeralKey.generate(random);
        peerPublicKey = peer.publicKey();
        shared = EphemeralKey.generate(random).agree(peerPublicKey);
        transcriptHash = transcript(peerPublicKey, peerPublicKey).hash();
    }

    private static Transcript transcript(byte[] clientKey, byte[] serverKey) {
        return new Transcript("spore handshake bench").add("a@alpha").add(11).add(new byte[32]).add(clientKey)
            .add("alpha:4370").add(0x1234).add(0x3).add("b@beta").add(22).add(new byte[32]).add(serverKey)
            .add("beta:4370").add(0x5678).add(0x3).add(1376);
    }

    /** A fresh key pair (one X25519 scalar multiplication for the public key). */
    @Benchmark
    public byte[] generateKeyPair() {
        return EphemeralKey.generate(random).publicKey();
    }

    /** A fresh key pair and its agreement with the peer's key: both scalar multiplications of one side. */
    @Benchmark
    public byte[] keyPairAndAgreement() throws InvalidKeyException {
        return EphemeralKey.generate(random).agree(peerPublicKey);
    }

    /** The transcript of a handshake's items and its hash. */
    @Benchmark
    public byte[] transcriptHash() {
        return transcript(peerPublicKey, peerPublicKey).hash();
    }

    /** The key schedule alone: both proofs and both directions' first secrets. */
    @Benchmark
    public SessionKeys keySchedule() {
        return KeySchedule.derive(cookie, shared, transcriptHash);
    }

    /** Everything one side computes: key pair, agreement, transcript, key schedule. */
    @Benchmark
    public SessionKeys oneSide() throws InvalidKeyException {
        EphemeralKey own = EphemeralKey.generate(random);
        byte[] ownPublicKey = own.publicKey();
        byte[] secret = own.agree(peerPublicKey);
        return KeySchedule.derive(cookie, secret, transcript(ownPublicKey, peerPublicKey).hash());
    }
}
