package io.spore.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.media.UdpChannel;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.StatusMessageFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a sender may send past a receiver's status message: the receiver's window, at most a quarter term. */
class QuarterTermFlowControlTest {
    private static final int INITIAL_TERM_ID = 7;
    private static final int WINDOW = 128 * 1024;

    private final StatusMessageFlyweight statusMessage =
        new StatusMessageFlyweight(new UnsafeBuffer(new byte[StatusMessageFlyweight.HEADER_LENGTH]));

    private static QuarterTermFlowControl flowControl(int termLength) {
        QuarterTermFlowControl flowControl = new QuarterTermFlowControl();
        flowControl.initialize(new MediaDriver.Context(), null, UdpChannel.parse("aeron:udp?endpoint=127.0.0.1:40123"),
            1003, 42, 1, INITIAL_TERM_ID, termLength);
        return flowControl;
    }

    /** @return the limit after a status message at term {@code termId}, offset 4096, with {@code window} */
    private long limitAfter(QuarterTermFlowControl flowControl, int termLength, int termId, int window,
                            long senderLimit) {
        statusMessage.consumptionTermId(termId).consumptionTermOffset(4096).receiverWindowLength(window);
        return flowControl.onStatusMessage(statusMessage, null, senderLimit, INITIAL_TERM_ID,
            Integer.numberOfTrailingZeros(termLength), 0);
    }

    private static long position(int termLength, int termId) {
        return LogBufferDescriptor.computePosition(termId, 4096, Integer.numberOfTrailingZeros(termLength),
            INITIAL_TERM_ID);
    }

    @Test
    void theLargeStreamsHalfTermWindowIsHeldToAQuarter() {
        int term = 256 * 1024;
        assertEquals(position(term, 9) + term / 4, limitAfter(flowControl(term), term, 9, WINDOW, 0));
    }

    @Test
    void aWindowOfAQuarterTermOrLessIsTheReceiversOwn() {
        int term = 512 * 1024;
        QuarterTermFlowControl flowControl = flowControl(term);
        assertEquals(position(term, 9) + WINDOW, limitAfter(flowControl, term, 9, WINDOW, 0));
        assertEquals(position(term, 9) + 32 * 1024, limitAfter(flowControl, term, 9, 32 * 1024, 0));
    }

    @Test
    void theLimitNeverGoesBack() {
        int term = 256 * 1024;
        long ahead = position(term, 12);
        assertEquals(ahead, limitAfter(flowControl(term), term, 9, WINDOW, ahead));
    }
}
