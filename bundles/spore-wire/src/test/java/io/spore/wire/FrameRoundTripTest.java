package io.spore.wire;

import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.SporeException;
import io.spore.wire.sbe.BatchDecoder;
import io.spore.wire.sbe.CallReplyDecoder;
import io.spore.wire.sbe.CallRequestDecoder;
import io.spore.wire.sbe.ChallengeDecoder;
import io.spore.wire.sbe.DeliveryAckDecoder;
import io.spore.wire.sbe.DownDecoder;
import io.spore.wire.sbe.ExitDecoder;
import io.spore.wire.sbe.ExitOrigin;
import io.spore.wire.sbe.GoodbyeReason;
import io.spore.wire.sbe.HelloDecoder;
import io.spore.wire.sbe.MonitorDecoder;
import io.spore.wire.sbe.NameServiceReplyDecoder;
import io.spore.wire.sbe.NameServiceStatus;
import io.spore.wire.sbe.PackedBatchDecoder;
import io.spore.wire.sbe.ProcessIdDecoder;
import io.spore.wire.sbe.ReferenceDecoder;
import io.spore.wire.sbe.SendImportantDecoder;
import io.spore.wire.sbe.SendToNameDecoder;
import io.spore.wire.sbe.SendToPidDecoder;
import io.spore.wire.sbe.SpawnReplyDecoder;
import io.spore.wire.sbe.SpawnRequestDecoder;
import io.spore.wire.sbe.TargetKind;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every frame of the schema, written as the transport writes it and read back through {@link FrameReader}. */
class FrameRoundTripTest {
    private static final int OFFSET = 16;

    private final FrameFixtures fixtures = new FrameFixtures();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final FrameReader reader = new FrameReader();
    private final PayloadDecoder payloads = new PayloadDecoder(Samples.registry());

    private FrameType writeAndRead(FrameType type) {
        int length = fixtures.write(type, buffer, OFFSET);
        FrameType read = reader.read(buffer, OFFSET, length);
        assertSame(type, read);
        return read;
    }

    private static void assertPid(long id, int creation, ProcessIdDecoder pid) {
        assertEquals(id, pid.id());
        assertEquals(creation, pid.creation());
    }

    private static void assertRef(long id, int creation, ReferenceDecoder ref) {
        assertEquals(id, ref.id());
        assertEquals(creation, ref.creation());
    }

    @Test
    void everyFrameTypeHasAFixtureAndReadsBack() {
        for (FrameType type : FrameType.values()) {
            writeAndRead(type);
            assertFalse(reader.decoder().appendTo(new StringBuilder()).isEmpty(), type.name());
        }
    }

    @Test
    void aBatchHoldsFramesThatReadBackEachAsItsOwn() {
        writeAndRead(FrameType.BATCH);
        BatchDecoder batch = reader.batch();
        int end = Batches.end(batch);
        List<FrameType> inner = new ArrayList<>();
        FrameReader innerReader = new FrameReader();
        for (int at = Batches.firstFrame(batch); at < end; ) {
            int length = Batches.frameLength(batch.buffer(), at, end);
            inner.add(innerReader.read(batch.buffer(), at + Batches.FRAME_PREFIX_LENGTH, length));
            if (inner.get(inner.size() - 1) == FrameType.SEND_TO_PID) {
                assertPid(42, 1, innerReader.sendToPid().sender());
            }
            at = Batches.next(at, length);
        }
        assertEquals(FrameFixtures.BATCHED, inner);
    }

    @Test
    void aPackedBatchRebuildsFramesThatShareTheirHeaderWithTheFrameBefore() {
        int whole = fixtures.write(FrameType.PACKED_BATCH, buffer, OFFSET);
        assertSame(FrameType.PACKED_BATCH, reader.read(buffer, OFFSET, whole));
        PackedBatches.Reader packed = new PackedBatches.Reader();
        packed.wrap(reader.packedBatch());
        List<FrameType> inner = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        FrameReader innerReader = new FrameReader();
        while (packed.next()) {
            byte[] frame = new byte[packed.length()];
            packed.buffer().getBytes(0, frame);
            bytes.add(frame);
            inner.add(innerReader.read(packed.buffer(), 0, packed.length()));
            if (inner.get(inner.size() - 1) == FrameType.SEND_TO_PID) {
                assertPid(42, 1, innerReader.sendToPid().sender());
                assertEquals(FrameFixtures.MESSAGE, new PayloadDecoder(Samples.registry())
                    .decodeVarData(innerReader.sendToPid()));
            }
        }
        assertEquals(FrameFixtures.PACKED, inner);
        assertArrayEquals(bytes.get(0), bytes.get(1));
        // The second SEND_TO_PID left out its header and fixed block, 8 + 24 bytes, and nothing of its payload; the
        // LINK only the block length that opens its header (also 24), as its template id differs.
        int plain = PackedBatches.HEADER_LENGTH + 3 * PackedBatches.ENTRY_PREFIX_LENGTH + bytes.get(0).length * 2
            + bytes.get(2).length;
        assertEquals(plain - 32 - 2, whole);
    }

    @Test
    void aPackedFrameThatSharesMoreThanTheFrameBeforeHadIsMalformed() {
        writeAndRead(FrameType.PACKED_BATCH);
        PackedBatchDecoder batch = reader.packedBatch();
        int first = batch.limit() + PackedBatchDecoder.framesHeaderLength();
        ((MutableDirectBuffer) batch.buffer()).putByte(first + 2, (byte) 1); // the first shares nothing
        PackedBatches.Reader packed = new PackedBatches.Reader();
        packed.wrap(batch);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, packed::next);
        assertEquals(MalformedFrameException.Problem.BAD_VALUE, e.problem());
    }

    @Test
    void aPackedBatchWhoseEntryRunsPastItsEndIsMalformed() {
        writeAndRead(FrameType.PACKED_BATCH);
        PackedBatchDecoder batch = reader.packedBatch();
        int first = batch.limit() + PackedBatchDecoder.framesHeaderLength();
        ((MutableDirectBuffer) batch.buffer()).putShort(first, (short) 0x7FFF,
            ByteOrder.LITTLE_ENDIAN);
        PackedBatches.Reader packed = new PackedBatches.Reader();
        packed.wrap(batch);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, packed::next);
        assertEquals(MalformedFrameException.Problem.TRUNCATED, e.problem());
    }

    @Test
    void aChunkCarriesItsPlaceAndItsPiece() {
        writeAndRead(FrameType.CHUNK);
        io.spore.wire.sbe.ChunkDecoder chunk = reader.chunk();
        assertEquals(5, chunk.messageId());
        assertEquals(2, chunk.index());
        assertEquals(100_000, chunk.totalLength());
        assertEquals(32, chunk.pieceLength());
        assertEquals(FrameFixtures.NONCE_S[0], chunk.buffer().getByte(Chunks.pieceOffset(chunk)));

        org.agrona.concurrent.UnsafeBuffer written = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        Chunks.putHeader(written, 0, 5, 2, 100_000, 3);
        written.putBytes(Chunks.HEADER_LENGTH, new byte[] {1, 2, 3});
        assertEquals(FrameType.CHUNK, reader.read(written, 0, Chunks.HEADER_LENGTH + 3));
        assertEquals(2, reader.chunk().index());
        assertEquals(3, reader.chunk().pieceLength());
        assertEquals(3, reader.chunk().buffer().getByte(Chunks.pieceOffset(reader.chunk()) + 2));
    }

    @Test
    void aBatchWhoseInnerLengthRunsPastItsEndIsMalformed() {
        writeAndRead(FrameType.BATCH);
        BatchDecoder batch = reader.batch();
        int first = Batches.firstFrame(batch);
        int end = Batches.end(batch);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> Batches.frameLength(batch.buffer(), first, first + 10));
        assertEquals(MalformedFrameException.Problem.TRUNCATED, e.problem());
        assertThrows(MalformedFrameException.class, () -> Batches.frameLength(batch.buffer(), end - 1, end));
    }

    @Test
    void anImportantSendAndItsAck() {
        writeAndRead(FrameType.SEND_IMPORTANT);
        SendImportantDecoder send = reader.sendImportant();
        assertPid(42, 1, send.sender());
        assertPid(7, -2, send.target());
        assertRef(1234, 1, send.ackRef());
        writeAndRead(FrameType.DELIVERY_ACK);
        DeliveryAckDecoder ack = reader.deliveryAck();
        assertRef(1234, 1, ack.ackRef());
        assertEquals(SporeException.Reason.NO_PROCESS,
            WireCodes.reason(ack.code(), SporeException.Reason.CALL_FAILED));
        assertEquals("no process <b@host.7.4294967294>", ack.message());
    }

    @Test
    void aDataBarrierNamesAPosition() {
        writeAndRead(FrameType.DATA_BARRIER);
        assertEquals(1L << 40, reader.dataBarrier().dataPosition());
    }

    @Test
    void handshake() {
        writeAndRead(FrameType.HELLO);
        HelloDecoder hello = reader.hello();
        assertEquals(-123, hello.creation());
        assertEquals(1 << 20, hello.maxMessageBytes());
        assertTrue(hello.flags().remoteSpawnEnabled());
        assertFalse(hello.flags().clientOnly());
        assertTrue(hello.flags().readsLargeStream());
        byte[] nonce = new byte[32];
        hello.getClientNonce(nonce, 0, 32);
        assertArrayEquals(FrameFixtures.NONCE_C, nonce);
        assertEquals("alpha@host-1.example", hello.nodeName());
        assertEquals("host-1.example:4370", hello.endpoint());

        writeAndRead(FrameType.CHALLENGE);
        ChallengeDecoder challenge = reader.challenge();
        assertEquals(77, challenge.creation());
        assertTrue(challenge.flags().clientOnly());
        assertFalse(challenge.flags().readsLargeStream(), "a node that does not say so reads no large stream");
        challenge.getServerNonce(nonce, 0, 32);
        assertArrayEquals(FrameFixtures.NONCE_S, nonce);
        assertEquals("beta@10.0.0.7", challenge.nodeName());
        assertEquals("", challenge.endpoint());

        byte[] proof = new byte[32];
        writeAndRead(FrameType.CHALLENGE_RESPONSE);
        reader.challengeResponse().getClientProof(proof, 0, 32);
        assertArrayEquals(FrameFixtures.PROOF, proof);
        writeAndRead(FrameType.WELCOME);
        reader.welcome().getServerProof(proof, 0, 32);
        assertArrayEquals(FrameFixtures.PROOF, proof);

        writeAndRead(FrameType.STALE_SESSION);
        assertEquals(-7, reader.staleSession().sessionId());
        assertEquals(77, reader.staleSession().creation());
        reader.staleSession().getProof(proof, 0, 32);
        assertArrayEquals(FrameFixtures.PROOF, proof);

        writeAndRead(FrameType.HEARTBEAT);
        assertEquals(Long.MAX_VALUE, reader.heartbeat().sequence());
        writeAndRead(FrameType.GOODBYE);
        assertEquals(GoodbyeReason.HANDSHAKE_FAILED, reader.goodbye().reason());
        assertEquals("cookies differ: check ~/.spore/cookie ✓", reader.goodbye().description());
    }

    @Test
    void messagesAndCalls() {
        writeAndRead(FrameType.SEND_TO_PID);
        SendToPidDecoder send = reader.sendToPid();
        assertPid(42, 1, send.sender());
        assertPid(Long.MAX_VALUE, -2, send.target());
        assertEquals(FrameFixtures.MESSAGE, payloads.decodeVarData(send));

        writeAndRead(FrameType.SEND_TO_NAME);
        SendToNameDecoder named = reader.sendToName();
        assertPid(0, 1, named.sender());
        assertEquals("logger", named.name());
        assertEquals(FrameFixtures.MESSAGE, payloads.decodeVarData(named));

        writeAndRead(FrameType.CALL_REQUEST);
        CallRequestDecoder call = reader.callRequest();
        assertPid(5, 1, call.caller());
        assertRef(99, 1, call.callRef());
        assertEquals(TargetKind.NAME, call.targetKind());
        assertEquals(5000, call.timeoutMs());
        assertEquals("counter", call.targetName());
        assertEquals("get", payloads.decodeVarData(call));

        writeAndRead(FrameType.CALL_REPLY);
        CallReplyDecoder reply = reader.callReply();
        assertPid(5, 1, reply.caller());
        assertRef(99, 1, reply.callRef());
        assertEquals(SporeException.Reason.CALL_FAILED, WireCodes.reason(reply.code(), null));
        assertEquals("handleCall threw: java.lang.IllegalStateException: no", reply.message());
        assertNull(payloads.decodeVarData(reply));
    }

    @Test
    void linksAndMonitors() {
        writeAndRead(FrameType.LINK);
        assertPid(1, 2, reader.link().from());
        assertPid(3, 4, reader.link().to());
        writeAndRead(FrameType.UNLINK);
        assertPid(5, 6, reader.unlink().from());
        assertPid(7, 8, reader.unlink().to());

        writeAndRead(FrameType.EXIT);
        ExitDecoder exit = reader.exit();
        assertPid(1, 2, exit.from());
        assertPid(3, 4, exit.to());
        assertEquals(ExitOrigin.LINK, exit.origin());
        ExitReason reason = WireCodes.exitReason(exit.kind(), exit.description());
        assertEquals(ExitReason.Kind.ERROR, reason.kind());
        assertEquals("error: java.lang.RuntimeException: boom", reason.description());

        writeAndRead(FrameType.MONITOR);
        MonitorDecoder monitor = reader.monitor();
        assertPid(10, 1, monitor.watcher());
        assertPid(20, 2, monitor.target());
        assertRef(30, 1, monitor.monitorRef());
        writeAndRead(FrameType.DEMONITOR);
        assertRef(31, 1, reader.demonitor().monitorRef());

        writeAndRead(FrameType.DOWN);
        DownDecoder down = reader.down();
        assertRef(30, 1, down.monitorRef());
        assertPid(10, 1, down.watcher());
        assertPid(20, 2, down.target());
        assertSame(ExitReason.NOCONNECTION, WireCodes.exitReason(down.kind(), down.description()));
    }

    @Test
    void pingAndPong() {
        writeAndRead(FrameType.PING);
        assertEquals(-1, reader.ping().correlationId());
        assertEquals(123_456_789L, reader.ping().sentTimeNs());
        writeAndRead(FrameType.PONG);
        assertEquals(-1, reader.pong().correlationId());
        assertEquals(123_456_789L, reader.pong().sentTimeNs());
    }

    @Test
    void spawn() {
        writeAndRead(FrameType.SPAWN_REQUEST);
        SpawnRequestDecoder request = reader.spawnRequest();
        assertRef(500, 1, request.requestRef());
        assertPid(0, 1, request.requester());
        assertPid(8, 9, request.parent());
        assertEquals(LogLevel.DEBUG, WireCodes.logLevel(request.logLevel()));
        assertTrue(request.flags().trapExits());
        assertEquals(10_000, request.timeoutMs());
        assertEquals("counter", request.factoryName());
        assertEquals("counter-1", request.registerName());
        assertEquals("gamma@third", request.parentNode());
        assertEquals("", request.leaderNode());
        assertEquals("shop", request.application());
        assertEquals(FrameFixtures.ENV, payloads.decodeVarData(request));
        assertEquals(FrameFixtures.ARGS, payloads.decodeVarData(request));

        writeAndRead(FrameType.SPAWN_REPLY);
        SpawnReplyDecoder reply = reader.spawnReply();
        assertRef(500, 1, reply.requestRef());
        assertEquals(SporeException.Reason.NOT_ALLOWED, WireCodes.reason(reply.code(), null));
        assertEquals("node alpha@host-1.example is not on the access list of 'counter'", reply.message());
    }

    @Test
    void nameService() {
        writeAndRead(FrameType.NAME_SERVICE_REGISTER);
        assertEquals(77, reader.nameServiceRegister().creation());
        assertEquals("beta@10.0.0.7", reader.nameServiceRegister().nodeName());
        assertEquals("10.0.0.7:4371", reader.nameServiceRegister().endpoint());
        writeAndRead(FrameType.NAME_SERVICE_UNREGISTER);
        assertEquals(2, reader.nameServiceUnregister().requestId());
        writeAndRead(FrameType.NAME_SERVICE_LOOKUP);
        assertEquals("beta@10.0.0.7", reader.nameServiceLookup().nodeName());
        writeAndRead(FrameType.NAME_SERVICE_REPLY);
        NameServiceReplyDecoder reply = reader.nameServiceReply();
        assertEquals(NameServiceStatus.FOUND, reply.status());
        assertEquals(77, reply.creation());
        assertEquals("10.0.0.7:4371", reply.endpoint());
    }
}
