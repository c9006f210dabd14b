package io.spore.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.TimeUnit;

/**
 * The sealed-frames issue asks to measure the two AEADs the JDK offers and choose: one frame sealed and opened as
 * the transport would do it, with a 64-bit sequence number in the 96-bit nonce and a 16-byte frame header as
 * associated data, over direct buffers (Aeron's frames live in direct memory). No network: this is the cryptography's
 * own cost per frame, and, with {@code -prof gc}, what the JDK's ciphers allocate per frame.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SealBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SealBenchmark {
    private static final int TAG_BYTES = 16;
    private static final int HEADER_BYTES = 16;

    @Param({"AES/GCM/NoPadding", "ChaCha20-Poly1305"})
    public String cipher;

    @Param({"32", "256", "1024", "16384"})
    public int size;

    private final byte[] nonce = new byte[12];
    private final byte[] header = new byte[HEADER_BYTES];
    private Cipher sealer;
    private Cipher opener;
    private SecretKey key;
    private ByteBuffer plain;
    private ByteBuffer sealed;
    private ByteBuffer opened;
    private long sequence;

    @Setup
    public void setUp() throws GeneralSecurityException {
        KeyGenerator keys = KeyGenerator.getInstance(cipher.startsWith("AES") ? "AES" : "ChaCha20");
        keys.init(256);
        key = keys.generateKey();
        sealer = Cipher.getInstance(cipher);
        opener = Cipher.getInstance(cipher);
        plain = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            plain.put(i, (byte) i);
        }
        sealed = ByteBuffer.allocateDirect(size + TAG_BYTES);
        opened = ByteBuffer.allocateDirect(size);
    }

    /** Seals one frame: a fresh nonce from the sequence, the header as associated data. */
    @Benchmark
    public int seal() throws GeneralSecurityException {
        sealer.init(Cipher.ENCRYPT_MODE, key, nextNonce());
        sealer.updateAAD(header);
        plain.clear();
        sealed.clear();
        return sealer.doFinal(plain, sealed);
    }

    /** Seals one frame and opens it again, as the sending and the receiving node together do for each frame. */
    @Benchmark
    public int sealAndOpen() throws GeneralSecurityException {
        AlgorithmParameterSpec parameters = nextNonce();
        sealer.init(Cipher.ENCRYPT_MODE, key, parameters);
        sealer.updateAAD(header);
        plain.clear();
        sealed.clear();
        sealer.doFinal(plain, sealed);
        opener.init(Cipher.DECRYPT_MODE, key, parameters);
        opener.updateAAD(header);
        sealed.flip();
        opened.clear();
        return opener.doFinal(sealed, opened);
    }

    private AlgorithmParameterSpec nextNonce() {
        long next = ++sequence;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (next >>> (56 - 8 * i));
        }
        return cipher.startsWith("AES") ? new GCMParameterSpec(TAG_BYTES * 8, nonce) : new IvParameterSpec(nonce);
    }
}
