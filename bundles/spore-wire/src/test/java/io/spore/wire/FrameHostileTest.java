package io.spore.wire;

import io.spore.wire.MalformedFrameException.Problem;
import io.spore.wire.sbe.HeartbeatDecoder;
import io.spore.wire.sbe.HelloDecoder;
import io.spore.wire.sbe.MessageHeaderDecoder;
import io.spore.wire.sbe.SendImportantDecoder;
import io.spore.wire.sbe.SendToPidDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Whatever bytes arrive, the reader accepts a frame whose every field can be read, or throws the typed exception. */
class FrameHostileTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final FrameFixtures fixtures = new FrameFixtures();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final FrameReader reader = new FrameReader();
    private final PayloadDecoder payloads = new PayloadDecoder(Samples.registry());

    private Problem problem(int length) {
        return assertThrows(MalformedFrameException.class, () -> reader.read(buffer, 0, length)).problem();
    }

    @Test
    void everyFrameTruncatedAtEveryLength() {
        for (FrameType type : FrameType.values()) {
            int length = fixtures.write(type, buffer, 0);
            for (int cut = 0; cut < length; cut++) {
                try {
                    reader.read(buffer, 0, cut);
                    fail(type + " cut to " + cut + " of " + length + " bytes was accepted");
                } catch (MalformedFrameException expected) {
                    assertEquals(Problem.TRUNCATED, expected.problem(), type + " cut to " + cut + ": "
                        + expected.getMessage());
                }
            }
        }
    }

    @Test
    void headersThatAreNotOurs() {
        int length = fixtures.write(FrameType.PING, buffer, 0);
        buffer.putShort(4, (short) 999, LE);
        assertEquals(Problem.UNKNOWN_SCHEMA, problem(length));

        fixtures.write(FrameType.PING, buffer, 0);
        buffer.putShort(6, (short) 0, LE);
        assertEquals(Problem.UNSUPPORTED_VERSION, problem(length));

        fixtures.write(FrameType.PING, buffer, 0);
        buffer.putShort(2, (short) 63, LE);
        assertEquals(Problem.UNKNOWN_TEMPLATE, problem(length));
        buffer.putShort(2, (short) 60_000, LE);
        assertEquals(Problem.UNKNOWN_TEMPLATE, problem(length));

        fixtures.write(FrameType.PING, buffer, 0);
        buffer.putShort(0, (short) 15, LE);
        assertEquals(Problem.BAD_BLOCK_LENGTH, problem(length));

        fixtures.write(FrameType.PING, buffer, 0);
        assertEquals(Problem.TRAILING_BYTES, problem(length + 1));

        int send = fixtures.write(FrameType.SEND_TO_PID, buffer, 0);
        assertEquals(Problem.TOO_LARGE, assertThrows(MalformedFrameException.class,
            () -> new FrameReader(send - 1).read(buffer, 0, send)).problem());
        assertSame(FrameType.SEND_TO_PID, new FrameReader(send).read(buffer, 0, send));
    }

    @Test
    void aVariableFieldLongerThanTheFrame() {
        int length = fixtures.write(FrameType.SEND_TO_PID, buffer, 0);
        int payloadLengthAt = MessageHeaderDecoder.ENCODED_LENGTH + SendToPidDecoder.BLOCK_LENGTH;
        buffer.putInt(payloadLengthAt, 0xFFFF_FFF0, LE);
        assertEquals(Problem.TRUNCATED, problem(length));
        buffer.putInt(payloadLengthAt, length, LE);
        assertEquals(Problem.TRUNCATED, problem(length));
    }

    @Test
    void aNewerSendersFrameIsReadWithItsLongerBlockAndExtraFields() {
        ExpandableArrayBuffer v1 = new ExpandableArrayBuffer(128);
        int length = fixtures.write(FrameType.HELLO, v1, 0);
        int blockEnd = MessageHeaderDecoder.ENCODED_LENGTH + HelloDecoder.BLOCK_LENGTH;
        // A later version of the schema appends a 4-byte field to the block and a variable field at the end.
        buffer.putBytes(0, v1, 0, blockEnd);
        buffer.putShort(0, (short) (HelloDecoder.BLOCK_LENGTH + 4), LE);
        buffer.putShort(6, (short) (MessageHeaderDecoder.SCHEMA_VERSION + 1), LE);
        buffer.putInt(blockEnd, 0xCAFE, LE);
        buffer.putBytes(blockEnd + 4, v1, blockEnd, length - blockEnd);
        buffer.putShort(length + 4, (short) 3, LE);
        buffer.putStringWithoutLengthAscii(length + 6, "new");
        int v2Length = length + 9;

        assertSame(FrameType.HELLO, reader.read(buffer, 0, v2Length));
        assertEquals(MessageHeaderDecoder.SCHEMA_VERSION + 1, reader.hello().actingVersion());
        assertEquals(-123, reader.hello().creation());
        assertEquals("alpha@host-1.example", reader.hello().nodeName());
        assertEquals("host-1.example:4370", reader.hello().endpoint());
    }

    /** A version 1 node's heartbeat has no messagesRead: read as the null value, not from past the block. */
    @Test
    void anOlderSendersShorterBlockIsReadWithoutTheNewFields() {
        int length = fixtures.write(FrameType.HEARTBEAT, buffer, 0);
        buffer.putShort(0, (short) HeartbeatDecoder.messagesReadEncodingOffset(), LE);
        buffer.putShort(6, (short) 1, LE);

        assertSame(FrameType.HEARTBEAT, reader.read(buffer, 0, length - Long.BYTES));
        assertEquals(Long.MAX_VALUE, reader.heartbeat().sequence());
        assertEquals(HeartbeatDecoder.messagesReadNullValue(), reader.heartbeat().messagesRead());
    }

    /** A frame that says version 2 must hold version 2's fields: a version 1 block would let them be read past it. */
    @Test
    void aBlockShorterThanItsVersionsFieldsIsMalformed() {
        int length = fixtures.write(FrameType.SEND_IMPORTANT, buffer, 0);
        int shortBlock = SendImportantDecoder.deliveryIdEncodingOffset();
        int blockEnd = MessageHeaderDecoder.ENCODED_LENGTH + SendImportantDecoder.BLOCK_LENGTH;
        buffer.putShort(0, (short) shortBlock, LE);
        buffer.putBytes(MessageHeaderDecoder.ENCODED_LENGTH + shortBlock, buffer, blockEnd, length - blockEnd);

        assertEquals(Problem.BAD_BLOCK_LENGTH, problem(length - Long.BYTES));
    }

    @Test
    void randomBytesNeverEscapeTheTypedException() {
        Random random = new Random(11_21L);
        int accepted = 0;
        for (int round = 0; round < 100_000; round++) {
            int length = random.nextInt(96);
            for (int i = 0; i < length; i++) {
                buffer.putByte(i, (byte) random.nextInt(256));
            }
            if (length >= 8 && random.nextInt(4) > 0) {
                // A plausible header, so that the body checks are reached, not just the header's.
                FrameType type = FrameType.values()[random.nextInt(FrameType.values().length)];
                buffer.putShort(0, (short) (type.blockLength() + (random.nextInt(8) == 0 ? random.nextInt(4) : 0)),
                    LE);
                buffer.putShort(2, (short) type.templateId(), LE);
                buffer.putShort(4, (short) MessageHeaderDecoder.SCHEMA_ID, LE);
                buffer.putShort(6, (short) (1 + random.nextInt(2)), LE);
            }
            accepted += readEverythingOrMalformed(buffer, length);
        }
        assertTrue(accepted > 100, "random frames of fixed-size types get through: " + accepted);
    }

    @Test
    void mutatedFramesNeverEscapeTheTypedException() {
        Random random = new Random(3L);
        ExpandableArrayBuffer valid = new ExpandableArrayBuffer(256);
        for (FrameType type : FrameType.values()) {
            int length = fixtures.write(type, valid, 0);
            for (int round = 0; round < 3_000; round++) {
                buffer.putBytes(0, valid, 0, length);
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = random.nextInt(length);
                    buffer.putByte(at, (byte) (buffer.getByte(at) ^ (1 << random.nextInt(8))));
                }
                readEverythingOrMalformed(buffer, length);
            }
        }
    }

    /** @return 1 when the frame was accepted and every field of it, payloads included, could be read */
    private int readEverythingOrMalformed(MutableDirectBuffer bytes, int length) {
        try {
            FrameType type = reader.read(bytes, 0, length);
            reader.decoder().appendTo(new StringBuilder());
            reader.read(bytes, 0, length);
            try {
                switch (type) {
                    case SEND_TO_PID -> payloads.decodeVarData(reader.sendToPid());
                    case SEND_TO_NAME -> {
                        reader.sendToName().skipName();
                        payloads.decodeVarData(reader.sendToName());
                    }
                    case CALL_REQUEST -> {
                        reader.callRequest().skipTargetName();
                        payloads.decodeVarData(reader.callRequest());
                    }
                    default -> {
                    }
                }
            } catch (MalformedFrameException payloadProblem) {
                // a frame may carry a bad payload: the payload is refused, the frame was valid
            }
            return 1;
        } catch (MalformedFrameException expected) {
            return 0;
        } catch (Throwable t) {
            byte[] copy = new byte[length];
            bytes.getBytes(0, copy);
            throw new AssertionError("reading " + HexFormat.of().formatHex(copy) + " threw " + t, t);
        }
    }
}
