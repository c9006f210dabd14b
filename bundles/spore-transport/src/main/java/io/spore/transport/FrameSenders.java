package io.spore.transport;

import io.spore.wire.sbe.CallReplyEncoder;
import io.spore.wire.sbe.CallRequestEncoder;
import io.spore.wire.sbe.DemonitorEncoder;
import io.spore.wire.sbe.DownEncoder;
import io.spore.wire.sbe.ExitEncoder;
import io.spore.wire.sbe.LinkEncoder;
import io.spore.wire.sbe.MessageHeaderDecoder;
import io.spore.wire.sbe.MonitorEncoder;
import io.spore.wire.sbe.ProcessIdEncoder;
import io.spore.wire.sbe.SendImportantEncoder;
import io.spore.wire.sbe.SendToNameEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import io.spore.wire.sbe.UnlinkEncoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Which process of this node sent a frame, read from the frame itself: the ordering promise holds per sending
 * process, so the large-message lane ({@link LargeLane}) keeps its state by it. Messages, calls, links, exits and
 * monitors name their sender in their first field, and a down the process that ended (its messages come before its
 * down); replies, acknowledgements and spawn frames do not name it, and are ordered behind everything the lane
 * carried instead.
 *
 * <p>Thread-safe: stateless.
 */
final class FrameSenders {
    /** What {@link #senderId} returns for a frame that does not name its sending process. */
    static final long UNKNOWN = -1;

    private static final int BLOCK = MessageHeaderDecoder.ENCODED_LENGTH;

    private FrameSenders() {
    }

    /** @return the id of the process on this node that sent the frame {@code writer} holds, or {@link #UNKNOWN} */
    static long senderId(FrameWriter writer) {
        DirectBuffer buffer = writer.buffer();
        return MessageFrames.templateId(buffer, 0) == CallReplyEncoder.TEMPLATE_ID ? writer.replierId : senderId(buffer, 0);
    }

    /** @return the id of the process on this node that sent the frame at {@code offset}, or {@link #UNKNOWN} */
    static long senderId(DirectBuffer buffer, int offset) {
        int templateId = MessageFrames.templateId(buffer, offset);
        int field;
        if (templateId == SendToPidEncoder.TEMPLATE_ID) {
            field = SendToPidEncoder.senderEncodingOffset();
        } else if (templateId == SendToNameEncoder.TEMPLATE_ID) {
            field = SendToNameEncoder.senderEncodingOffset();
        } else if (templateId == SendImportantEncoder.TEMPLATE_ID) {
            field = SendImportantEncoder.senderEncodingOffset();
        } else if (templateId == CallRequestEncoder.TEMPLATE_ID) {
            field = CallRequestEncoder.callerEncodingOffset();
        } else if (templateId == LinkEncoder.TEMPLATE_ID) {
            field = LinkEncoder.fromEncodingOffset();
        } else if (templateId == UnlinkEncoder.TEMPLATE_ID) {
            field = UnlinkEncoder.fromEncodingOffset();
        } else if (templateId == ExitEncoder.TEMPLATE_ID) {
            field = ExitEncoder.fromEncodingOffset();
        } else if (templateId == MonitorEncoder.TEMPLATE_ID) {
            field = MonitorEncoder.watcherEncodingOffset();
        } else if (templateId == DemonitorEncoder.TEMPLATE_ID) {
            field = DemonitorEncoder.watcherEncodingOffset();
        } else if (templateId == DownEncoder.TEMPLATE_ID) {
            field = DownEncoder.targetEncodingOffset();
        } else {
            return UNKNOWN;
        }
        return buffer.getLong(offset + BLOCK + field + ProcessIdEncoder.idEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
    }
}
