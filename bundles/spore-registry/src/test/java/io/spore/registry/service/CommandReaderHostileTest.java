package io.spore.registry.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.registry.sbe.JoinNodeEncoder;
import io.spore.registry.sbe.MessageHeaderEncoder;
import io.spore.registry.sbe.ProcessCommandEncoder;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.Status;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

/** Hostile commands: each gets one INVALID response, and the state does not change. */
class CommandReaderHostileTest {
    final RecordingOutbox outbox = new RecordingOutbox();
    final RegistryState state = new RegistryState(outbox, 100);
    final CommandReader reader = new CommandReader(state);
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    final MessageHeaderEncoder header = new MessageHeaderEncoder();

    int join(String nodeName, int endpoints) {
        JoinNodeEncoder e = new JoinNodeEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(77).creation(1);
        JoinNodeEncoder.EndpointsEncoder group = e.endpointsCount(endpoints);
        for (int i = 0; i < endpoints; i++) {
            group.next().endpoint("127.0.0.1:" + (4000 + i));
        }
        e.spawnNamesCount(1).next().spawnName("echo");
        e.nodeName(nodeName);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    Status send(int length) {
        int before = outbox.responses.size();
        reader.onMessage(1, buffer, 0, length);
        assertEquals(before + 1, outbox.responses.size(), "one response per message");
        return outbox.last().status();
    }

    @Test
    void aValidJoinIsTaken() {
        assertEquals(Status.OK, send(join("a@host", 2)));
        assertEquals(1, state.nodesBySession().size());
    }

    @Test
    void everyTruncationIsInvalidAndChangesNothing() {
        int full = join("a@host", 2);
        for (int length = 0; length < full; length++) {
            assertEquals(Status.INVALID, send(length), "cut at " + length);
        }
        assertTrue(state.nodesBySession().isEmpty());
        assertEquals(77, outbox.last().correlationId(), "the correlation id is echoed once readable");
    }

    @Test
    void aWrongSchemaOrTemplateIsInvalid() {
        int length = join("a@host", 1);
        buffer.putShort(4, (short) 999, JoinNodeEncoder.BYTE_ORDER);
        assertEquals(Status.INVALID, send(length));
        length = join("a@host", 1);
        buffer.putShort(2, (short) 9, JoinNodeEncoder.BYTE_ORDER);
        assertEquals(Status.INVALID, send(length));
        length = join("a@host", 1);
        buffer.putShort(0, (short) 2, JoinNodeEncoder.BYTE_ORDER);
        assertEquals(Status.INVALID, send(length), "a block shorter than the template's");
        assertTrue(state.nodesBySession().isEmpty());
    }

    @Test
    void countsAndLengthsOverTheirBoundsAreRejectedBeforeAllocation() {
        assertEquals(Status.INVALID, send(join("a@host", WireLimits.MAX_ENDPOINTS + 1)));
        int length = join("a@host", 1);
        // The endpoints group header claims 65535 entries.
        buffer.putShort(MessageHeaderEncoder.ENCODED_LENGTH + JoinNodeEncoder.BLOCK_LENGTH + 2, (short) -1,
            JoinNodeEncoder.BYTE_ORDER);
        assertEquals(Status.INVALID, send(length));
        assertEquals(Status.INVALID, send(join("a".repeat(300) + "@host", 1)));
        length = join("a@host", 1);
        // The first endpoint's length claims 65535 bytes, far past the message.
        buffer.putShort(MessageHeaderEncoder.ENCODED_LENGTH + JoinNodeEncoder.BLOCK_LENGTH + 4, (short) -1,
            JoinNodeEncoder.BYTE_ORDER);
        assertEquals(Status.INVALID, send(length));
        assertTrue(state.nodesBySession().isEmpty());
    }

    @Test
    void badNamesAndOperationsAreInvalid() {
        assertEquals(Status.INVALID, send(join("no-host", 1)));
        assertEquals(Status.INVALID, send(join("a\u0001b@host", 1)));
        assertEquals(Status.OK, send(join("a@host", 1)));
        ProcessCommandEncoder e = new ProcessCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(5).op(ProcessOp.REGISTER_NAME).pidId(1).pidCreation(1).key("name\n").pidNode("a@host");
        assertEquals(Status.INVALID, send(MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength()));
        e = new ProcessCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(6).op(ProcessOp.REGISTER_NAME).pidId(-1).pidCreation(1).key("n").pidNode("a@host");
        assertEquals(Status.INVALID, send(MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength()), "negative id");
        e = new ProcessCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(7).op(ProcessOp.REGISTER_NAME).pidId(1).pidCreation(1).key("n").pidNode("a@host");
        int length = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + 8, (byte) 99);
        assertEquals(Status.INVALID, send(length), "an unknown operation");
        assertTrue(state.names().isEmpty());
    }

    @Test
    void randomBytesAndMutationsNeverThrowAndAlwaysGetOneAnswer() {
        Random random = new Random(18);
        byte[] bytes = new byte[512];
        for (int i = 0; i < 10_000; i++) {
            int length;
            if (i % 2 == 0) {
                random.nextBytes(bytes);
                buffer.putBytes(0, bytes);
                length = random.nextInt(bytes.length);
                // Half of the random messages carry the registry's header, to reach the decoders.
                if (length >= 8 && random.nextBoolean()) {
                    buffer.putShort(4, (short) MessageHeaderEncoder.SCHEMA_ID, JoinNodeEncoder.BYTE_ORDER);
                    buffer.putShort(6, (short) 1, JoinNodeEncoder.BYTE_ORDER);
                    buffer.putShort(2, (short) (1 + random.nextInt(3)), JoinNodeEncoder.BYTE_ORDER);
                }
            } else {
                length = join("n" + i + "@host", random.nextInt(3));
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    buffer.putByte(random.nextInt(length), (byte) random.nextInt());
                }
            }
            long session = 1000 + i;
            int before = outbox.responses.size();
            reader.onMessage(session, buffer, 0, length);
            // One answer to the sender; a join of a node name already joined also tells the old session (REPLACED).
            assertEquals(1, outbox.responses.subList(before, outbox.responses.size()).stream()
                .filter(r -> r.sessionId() == session).count(), "message " + i);
        }
        // Whatever joined is a whole, valid node: the state is still readable and consistent.
        state.nodesBySession().values().forEach(node -> assertTrue(node.endpoints().size() <= 16));
    }
}
