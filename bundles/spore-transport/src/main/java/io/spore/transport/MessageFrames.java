package io.spore.transport;

import io.spore.wire.sbe.MessageHeaderDecoder;
import io.spore.wire.sbe.SendToNameDecoder;
import io.spore.wire.sbe.SendToPidDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Which frames count as messages when the two ends of a connection compare what one wrote and the other read
 * (Heartbeat.messagesRead, PriorConnection): plain sends by pid or name. Important sends, calls and signals are not
 * counted: each of those has its own outcome (a confirmation, a reply, a node-down to links and monitors), while a
 * plain message lost with a connection would otherwise be lost without a number.
 */
final class MessageFrames {
    private static final int TEMPLATE_ID_OFFSET = MessageHeaderDecoder.templateIdEncodingOffset();

    private MessageFrames() {
    }

    /** @return the SBE template id of the frame whose header starts at {@code offset}: which frame type it is */
    static int templateId(DirectBuffer buffer, int offset) {
        return buffer.getShort(offset + TEMPLATE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return whether the frame whose header starts at {@code offset} is a plain message */
    static boolean isMessage(DirectBuffer buffer, int offset) {
        int templateId = templateId(buffer, offset);
        return templateId == SendToPidDecoder.TEMPLATE_ID || templateId == SendToNameDecoder.TEMPLATE_ID;
    }
}
