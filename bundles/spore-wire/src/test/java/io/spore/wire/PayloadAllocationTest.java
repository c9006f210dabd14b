package io.spore.wire;

import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The send path writes a frame with a common message without allocating, so a steady sender makes no garbage; a
 * repeated tag is read without allocating too.
 */
class PayloadAllocationTest {
    private static com.sun.management.ThreadMXBean allocationCounter() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
            && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
            "this JVM cannot count a thread's allocations");
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    @Test
    void encodingAFrameWithACommonMessageAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = allocationCounter();
        PayloadEncoder encoder = new PayloadEncoder(Samples.registry());
        MessageHeaderEncoder header = new MessageHeaderEncoder();
        SendToPidEncoder frame = new SendToPidEncoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        // A record of primitives too: its components are read without boxing (values outside the box caches).
        Object[] messages = {123_456_789L, "hello, world", List.of(Samples.PID, "reply-to", 5L), Samples.REF, true,
            new Samples.Point(1_000_000, -2_000_000)};
        int rounds = 100_000;
        for (int warm = 0; warm < 2; warm++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                frame.wrapAndApplyHeader(buffer, 0, header);
                frame.sender().id(i).creation(1);
                frame.target().id(42).creation(2);
                encoder.encodeVarData(messages[i % messages.length], frame);
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (warm == 1) {
                assertTrue(allocated < rounds / 10, allocated + " bytes allocated by " + rounds + " encodes");
            }
        }
    }

    /** A tag that comes again (a short string the decoder read lately) is read without allocating. */
    @Test
    void decodingARepeatedTagAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = allocationCounter();
        PayloadEncoder encoder = new PayloadEncoder(Samples.registry());
        PayloadDecoder decoder = new PayloadDecoder(Samples.registry());
        int length = encoder.encode("ok");
        int rounds = 100_000;
        for (int warm = 0; warm < 2; warm++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                decoder.decode(encoder.buffer(), 0, length);
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (warm == 1) {
                assertTrue(allocated < rounds / 10, allocated + " bytes allocated by " + rounds + " decodes");
            }
        }
    }
}
