package io.spore.benchmarks;

import io.spore.transport.seal.KeySchedule;
import io.spore.transport.seal.Opener;
import io.spore.transport.seal.SealedLayout;
import io.spore.transport.seal.Sealer;
import io.spore.transport.seal.SessionKeys;
import io.spore.transport.seal.Suite;
import io.spore.transport.seal.TrafficSecret;
import io.spore.transport.security.Cookie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Spore's own {@link Sealer} and {@link Opener} ({@code io.spore.transport.seal}) over every {@link Suite}: one
 * Aeron message (a batch of frames, or a lone frame) sealed and opened as the transport will, with byte arrays, the
 * payload already where the body goes (in place), the default key limits. No network: the cryptography's own cost
 * per message and, with {@code -prof gc}, its allocation. {@code SealBenchmark} beside it measures the JDK's ciphers
 * bare.
 *
 * <p>{@code open} opens a ring of {@value #RING} messages per invocation, sealed again before each (an opener
 * refuses a replay, so each message opens once). The sealing is outside the timed region, but {@code -prof gc}
 * counts an iteration's allocation whole: read an open's own allocation as {@code sealAndOpen - seal}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SealerBenchmark -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SealerBenchmark {
    static final int RING = 1024;
    /** The X25519 secret of the benchmark's connection: random, the same for every state of one fork. */
    private static final byte[] SHARED = new byte[32];

    static {
        new SecureRandom().nextBytes(SHARED);
    }

    @Param({"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_CTR_HMAC_SHA256", "HMAC_SHA256"})
    public String suite;

    /** Payload bytes: a lone small frame, a few frames, a full batch (an MTU's payload), a large message. */
    @Param({"32", "256", "1400", "16384"})
    public int size;

    private Sealer sealer;
    private Opener opener;
    private byte[] message;
    private byte[] opened;

    @Setup
    public void setUp() {
        sealer = new Sealer(Suite.valueOf(suite), directionSecret());
        opener = new Opener(Suite.valueOf(suite), directionSecret());
        message = new byte[size + SealedLayout.OVERHEAD];
        for (int i = 0; i < size; i++) {
            message[SealedLayout.HEADER_LENGTH + i] = (byte) i;
        }
        opened = new byte[size];
    }

    /** One direction's secret, the same for every state of the fork. */
    private static TrafficSecret directionSecret() {
        SessionKeys keys = KeySchedule.derive(Cookie.of("benchmark-cookie-0123456789abcdef"), SHARED, new byte[32]);
        return keys.clientToServer();
    }

    /** Seals one message in place. */
    @Benchmark
    public int seal() {
        return sealer.seal(message, SealedLayout.HEADER_LENGTH, size, message, 0);
    }

    /** Seals one message and opens it, as the sending and the receiving node together do for each message. */
    @Benchmark
    public int sealAndOpen() {
        int length = sealer.seal(message, SealedLayout.HEADER_LENGTH, size, message, 0);
        int payload = opener.open(message, 0, length, opened, 0);
        if (payload != size) {
            throw new IllegalStateException("refused: " + payload);
        }
        return payload;
    }

    /**
     * The messages {@code open} opens, sealed again before each invocation, with the sealer and opener of their
     * own. A state of its own: a fixture at {@code Level.Invocation} in the benchmark's state would run before
     * every benchmark method of the class (and JMH hands a fixture another instance of the benchmark's state).
     */
    @State(Scope.Thread)
    public static class Ring {
        Sealer sealer;
        Opener opener;
        byte[] payload;
        byte[] opened;
        byte[][] messages;
        int[] lengths;

        @Setup(Level.Trial)
        public void allocate(SealerBenchmark benchmark) {
            sealer = new Sealer(Suite.valueOf(benchmark.suite), directionSecret());
            opener = new Opener(Suite.valueOf(benchmark.suite), directionSecret());
            payload = new byte[benchmark.size];
            opened = new byte[benchmark.size];
            messages = new byte[RING][benchmark.size + SealedLayout.OVERHEAD];
            lengths = new int[RING];
        }

        @Setup(Level.Invocation)
        public void seal() {
            for (int i = 0; i < RING; i++) {
                lengths[i] = sealer.seal(payload, 0, payload.length, messages[i], 0);
            }
        }
    }

    /** Opens {@value #RING} messages sealed beforehand; the score is per message. */
    @Benchmark
    @OperationsPerInvocation(RING)
    public int open(Ring ring) {
        int total = 0;
        for (int i = 0; i < RING; i++) {
            int payload = ring.opener.open(ring.messages[i], 0, ring.lengths[i], ring.opened, 0);
            if (payload != ring.payload.length) {
                throw new IllegalStateException("refused: " + payload);
            }
            total += payload;
        }
        return total;
    }
}
