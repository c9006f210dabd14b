package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.wire.TypeRegistry;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which process sent a frame, read from the frame ({@link FrameSenders}): the key of the large-message lane. */
class FrameSendersTest {
    private static final NodeName HERE = NodeName.parse("here@localhost");
    private static final NodeName THERE = NodeName.parse("there@localhost");
    private final FrameWriter writer = new FrameWriter(new TypeRegistry(), 1024, new BusySpinIdleStrategy(),
        new Tally());
    private final Pid from = new Pid(HERE, 42, 1);
    private final Pid to = new Pid(THERE, 7, 1);
    private final Ref ref = new Ref(HERE, 9, 1);

    /** @param length the frame just written, from 0 of the writer's buffer */
    private long sender(int length) {
        return FrameSenders.senderId(writer.buffer(), 0);
    }

    @Test
    void framesThatNameTheirSendingProcessGiveIt() {
        assertEquals(42, sender(writer.sendToPid(from, to, "m")));
        assertEquals(42, sender(writer.sendToName(from, Name.of("sink"), "m")));
        assertEquals(42, sender(writer.sendImportant(from, to, ref, 1, "m")));
        assertEquals(42, sender(writer.callRequest(new Caller(from, ref), to, null, "q")));
        assertEquals(42, sender(writer.link(from, to)));
        assertEquals(42, sender(writer.unlink(from, to)));
        assertEquals(42, sender(writer.exit(from, to, ExitReason.KILLED, false)));
        assertEquals(42, sender(writer.monitor(ref, from, to)));
        assertEquals(42, sender(writer.demonitor(ref, from, to)));
        assertEquals(42, sender(writer.down(new Ref(THERE, 3, 1), to, from, ExitReason.NORMAL)),
            "a down is sent for the process that ended, whose messages come before it");
    }

    @Test
    void repliesAndAcknowledgementsNameNone() {
        Caller caller = new Caller(to, new Ref(THERE, 1, 1));
        assertEquals(FrameSenders.UNKNOWN, sender(writer.callReply(caller, "r", null, null)));
        assertEquals(FrameSenders.UNKNOWN, sender(writer.deliveryAck(new Ref(THERE, 1, 1), null)));
    }

    /** A reply names no sender on the wire, but the writer that wrote it knows the process answering. */
    @Test
    void aReplysWriterKnowsItsReplierAndForgetsItForTheNextFrame() {
        Caller caller = new Caller(to, new Ref(THERE, 1, 1));
        writer.callReply(caller, "r", null, from);
        assertEquals(42, FrameSenders.senderId(writer));
        writer.callReply(caller, "r", null, null);
        assertEquals(FrameSenders.UNKNOWN, FrameSenders.senderId(writer), "the node's own reply");
        writer.callReply(caller, "r", null, from);
        writer.deliveryAck(new Ref(THERE, 1, 1), null);
        assertEquals(FrameSenders.UNKNOWN, FrameSenders.senderId(writer), "an acknowledgement after a reply names none");
        writer.sendToPid(to, from, "m");
        assertEquals(7, FrameSenders.senderId(writer), "other frames name their sender as before");
    }
}
