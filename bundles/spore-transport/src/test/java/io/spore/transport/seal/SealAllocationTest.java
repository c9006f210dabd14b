package io.spore.transport.seal;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suites that promise it seal and open with no allocation at all in steady state (the JMH benchmark with
 * {@code -prof gc} measures it too; this keeps it from regressing unnoticed).
 */
class SealAllocationTest {
    @ParameterizedTest
    @EnumSource(value = Suite.class, names = {"AES_256_CTR_HMAC_SHA256", "HMAC_SHA256"})
    void sealAndOpenAllocateNothing(Suite suite) {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Sealer sealer = new Sealer(suite, SealedMessages.secret());
        Opener opener = new Opener(suite, SealedMessages.secret());
        byte[] payload = SealedMessages.payload(1400, 1);
        byte[] message = new byte[payload.length + SealedLayout.OVERHEAD];
        byte[] opened = new byte[payload.length];
        int rounds = 20_000;
        // While the JIT is still at work a round may allocate a little (interpreted or deoptimised code); steady
        // state is a round that allocates nothing. The least of several rounds is that.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            run(sealer, opener, payload, message, opened, rounds);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(least < 64, least + " bytes over the least of " + rounds + " seals and opens");
    }

    private static void run(Sealer sealer, Opener opener, byte[] payload, byte[] message, byte[] opened, int rounds) {
        for (int i = 0; i < rounds; i++) {
            int length = sealer.seal(payload, 0, payload.length, message, 0);
            assertEquals(payload.length, opener.open(message, 0, length, opened, 0));
        }
    }
}
