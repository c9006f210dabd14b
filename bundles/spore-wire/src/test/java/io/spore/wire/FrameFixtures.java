package io.spore.wire;

import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.SporeException;
import io.spore.wire.sbe.CallReplyEncoder;
import io.spore.wire.sbe.CallRequestEncoder;
import io.spore.wire.sbe.ChallengeEncoder;
import io.spore.wire.sbe.ChallengeResponseEncoder;
import io.spore.wire.sbe.DataBarrierEncoder;
import io.spore.wire.sbe.DeliveryAckEncoder;
import io.spore.wire.sbe.DemonitorEncoder;
import io.spore.wire.sbe.DownEncoder;
import io.spore.wire.sbe.ExitEncoder;
import io.spore.wire.sbe.ExitOrigin;
import io.spore.wire.sbe.GoodbyeEncoder;
import io.spore.wire.sbe.GoodbyeReason;
import io.spore.wire.sbe.HeartbeatEncoder;
import io.spore.wire.sbe.HelloEncoder;
import io.spore.wire.sbe.LinkEncoder;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.MonitorEncoder;
import io.spore.wire.sbe.NameServiceLookupEncoder;
import io.spore.wire.sbe.NameServiceRegisterEncoder;
import io.spore.wire.sbe.NameServiceReplyEncoder;
import io.spore.wire.sbe.NameServiceStatus;
import io.spore.wire.sbe.NameServiceUnregisterEncoder;
import io.spore.wire.sbe.PingEncoder;
import io.spore.wire.sbe.PongEncoder;
import io.spore.wire.sbe.SendImportantEncoder;
import io.spore.wire.sbe.SendToNameEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import io.spore.wire.sbe.SpawnReplyEncoder;
import io.spore.wire.sbe.SpawnRequestEncoder;
import io.spore.wire.sbe.TargetKind;
import io.spore.wire.sbe.UnlinkEncoder;
import io.spore.wire.sbe.WelcomeEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;

import java.util.List;
import java.util.Map;

/**
 * Writes one frame of each type with known values, the way the transport writes them: wrap and apply the header,
 * set the fixed fields, then every variable field in schema order.
 */
final class FrameFixtures {
    static final byte[] NONCE_C = filled(0x11);
    static final byte[] NONCE_S = filled(0x22);
    static final byte[] PROOF = filled(0x33);
    static final Object MESSAGE = List.of("hello", 42L, Samples.PID);
    static final Object ENV = Map.of("region", "eu", "retries", 3);
    static final Object ARGS = List.of(10L, "start");

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PayloadEncoder payloads = new PayloadEncoder(Samples.registry());

    /** A batch of a SEND_TO_PID and a LINK frame, each as its own fixture. */
    private int writeBatch(MutableDirectBuffer buffer, int offset) {
        int at = offset + Batches.HEADER_LENGTH;
        for (FrameType inner : BATCHED) {
            int length = write(inner, buffer, at + Batches.FRAME_PREFIX_LENGTH);
            Batches.putFrameLength(buffer, at, length);
            at = Batches.next(at, length);
        }
        Batches.putHeader(buffer, offset, at - offset - Batches.HEADER_LENGTH);
        return at - offset;
    }

    /** The frames in the batch fixture, in order. */
    static final List<FrameType> BATCHED = List.of(FrameType.SEND_TO_PID, FrameType.LINK);

    /** A packed batch of two equal SEND_TO_PID frames (the second shares its header) and a LINK. */
    private int writePackedBatch(MutableDirectBuffer buffer, int offset) {
        int at = offset + PackedBatches.HEADER_LENGTH;
        PackedBatches.Previous previous = new PackedBatches.Previous();
        ExpandableArrayBuffer scratch = new ExpandableArrayBuffer();
        for (FrameType inner : PACKED) {
            int length = write(inner, scratch, 0);
            at = PackedBatches.putEntry(buffer, at, previous, scratch, 0, length);
            previous.remember(scratch, 0, length);
        }
        PackedBatches.putHeader(buffer, offset, at - offset - PackedBatches.HEADER_LENGTH);
        return at - offset;
    }

    /** The frames in the packed batch fixture, in order. */
    static final List<FrameType> PACKED = List.of(FrameType.SEND_TO_PID, FrameType.SEND_TO_PID, FrameType.LINK);

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (value + i);
        }
        return bytes;
    }

    /** @return the frame's length */
    int write(FrameType type, MutableDirectBuffer buffer, int offset) {
        if (type == FrameType.BATCH) {
            return writeBatch(buffer, offset);
        }
        if (type == FrameType.PACKED_BATCH) {
            return writePackedBatch(buffer, offset);
        }
        MessageEncoderFlyweight frame = switch (type) {
            case BATCH, PACKED_BATCH -> throw new IllegalStateException("written by writeBatch");
            case CHUNK -> new io.spore.wire.sbe.ChunkEncoder().wrapAndApplyHeader(buffer, offset, header)
                .messageId(5).index(2).totalLength(100_000).putPiece(NONCE_S, 0, 32);
            case DATA_BARRIER ->
                new DataBarrierEncoder().wrapAndApplyHeader(buffer, offset, header).dataPosition(1L << 40);
            case HELLO -> {
                HelloEncoder e = new HelloEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.creation(-123).maxMessageBytes(1 << 20).putClientNonce(NONCE_C, 0, 32);
                e.flags().remoteSpawnEnabled(true).clientOnly(false).readsLargeStream(true);
                yield e.nodeName("alpha@host-1.example").endpoint("host-1.example:4370");
            }
            case CHALLENGE -> {
                ChallengeEncoder e = new ChallengeEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.creation(77).maxMessageBytes(65536).putServerNonce(NONCE_S, 0, 32);
                e.flags().clear().clientOnly(true);
                yield e.nodeName("beta@10.0.0.7").endpoint("");
            }
            case CHALLENGE_RESPONSE ->
                new ChallengeResponseEncoder().wrapAndApplyHeader(buffer, offset, header).putClientProof(PROOF, 0, 32);
            case WELCOME ->
                new WelcomeEncoder().wrapAndApplyHeader(buffer, offset, header).putServerProof(PROOF, 0, 32);
            case STALE_SESSION -> new io.spore.wire.sbe.StaleSessionEncoder().wrapAndApplyHeader(buffer, offset, header)
                .sessionId(-7).creation(77).putProof(PROOF, 0, 32);
            case HEARTBEAT -> new HeartbeatEncoder().wrapAndApplyHeader(buffer, offset, header)
                .sequence(Long.MAX_VALUE).messagesRead(1L << 33);
            case IDENTITY -> new io.spore.wire.sbe.IdentityEncoder().wrapAndApplyHeader(buffer, offset, header)
                .putCertificates(new byte[] {0, 3, 1, 2, 3}, 0, 5).putSignature(NONCE_S, 0, 32);
            case PRIOR_CONNECTION -> new io.spore.wire.sbe.PriorConnectionEncoder()
                .wrapAndApplyHeader(buffer, offset, header).sessionId(-9).messagesRead(123_456_789_012L);
            case GOODBYE -> new GoodbyeEncoder().wrapAndApplyHeader(buffer, offset, header)
                .reason(GoodbyeReason.HANDSHAKE_FAILED).description("cookies differ: check ~/.spore/cookie ✓");
            case SEND_TO_PID -> {
                SendToPidEncoder e = new SendToPidEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sender().id(42).creation(1);
                e.target().id(Long.MAX_VALUE).creation(-2);
                payloads.encodeVarData(MESSAGE, e);
                yield e;
            }
            case SEND_TO_NAME -> {
                SendToNameEncoder e = new SendToNameEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sender().id(0).creation(1);
                e.name("logger");
                payloads.encodeVarData(MESSAGE, e);
                yield e;
            }
            case SEND_IMPORTANT -> {
                SendImportantEncoder e = new SendImportantEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sender().id(42).creation(1);
                e.target().id(7).creation(-2);
                e.ackRef().id(1234).creation(1);
                e.deliveryId(-99L);
                payloads.encodeVarData(MESSAGE, e);
                yield e;
            }
            case DELIVERY_ACK -> {
                DeliveryAckEncoder e = new DeliveryAckEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.ackRef().id(1234).creation(1);
                e.code(WireCodes.errorCode(SporeException.Reason.NO_PROCESS));
                yield e.message("no process <b@host.7.4294967294>");
            }
            case CALL_REQUEST -> {
                CallRequestEncoder e = new CallRequestEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.caller().id(5).creation(1);
                e.callRef().id(99).creation(1);
                e.targetKind(TargetKind.NAME).timeoutMs(5000);
                e.target().id(0).creation(0);
                e.targetName("counter");
                payloads.encodeVarData("get", e);
                yield e;
            }
            case CALL_REPLY -> {
                CallReplyEncoder e = new CallReplyEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.caller().id(5).creation(1);
                e.callRef().id(99).creation(1);
                e.code(WireCodes.errorCode(SporeException.Reason.CALL_FAILED));
                e.message("handleCall threw: java.lang.IllegalStateException: no");
                payloads.encodeVarData(null, e);
                yield e;
            }
            case LINK -> {
                LinkEncoder e = new LinkEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.from().id(1).creation(2);
                e.to().id(3).creation(4);
                yield e;
            }
            case UNLINK -> {
                UnlinkEncoder e = new UnlinkEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.from().id(5).creation(6);
                e.to().id(7).creation(8);
                yield e;
            }
            case EXIT -> {
                ExitEncoder e = new ExitEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.from().id(1).creation(2);
                e.to().id(3).creation(4);
                e.origin(ExitOrigin.LINK).kind(WireCodes.exitKind(ExitReason.Kind.ERROR));
                yield e.description("error: java.lang.RuntimeException: boom");
            }
            case MONITOR -> {
                MonitorEncoder e = new MonitorEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.watcher().id(10).creation(1);
                e.target().id(20).creation(2);
                e.monitorRef().id(30).creation(1);
                yield e;
            }
            case DEMONITOR -> {
                DemonitorEncoder e = new DemonitorEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.watcher().id(11).creation(1);
                e.target().id(21).creation(2);
                e.monitorRef().id(31).creation(1);
                yield e;
            }
            case DOWN -> {
                DownEncoder e = new DownEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.monitorRef().id(30).creation(1);
                e.watcher().id(10).creation(1);
                e.target().id(20).creation(2);
                e.kind(WireCodes.exitKind(ExitReason.Kind.NOCONNECTION));
                yield e.description("noconnection");
            }
            case PING -> new PingEncoder().wrapAndApplyHeader(buffer, offset, header)
                .correlationId(-1).sentTimeNs(123_456_789L);
            case PONG -> new PongEncoder().wrapAndApplyHeader(buffer, offset, header)
                .correlationId(-1).sentTimeNs(123_456_789L);
            case SPAWN_REQUEST -> {
                SpawnRequestEncoder e = new SpawnRequestEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.requestRef().id(500).creation(1);
                e.requester().id(0).creation(1);
                e.parent().id(8).creation(9);
                e.leader().id(0).creation(0);
                e.logLevel(WireCodes.logLevel(LogLevel.DEBUG)).timeoutMs(10_000);
                e.flags().trapExits(true);
                e.factoryName("counter").registerName("counter-1").parentNode("gamma@third").leaderNode("");
                e.application("shop");
                payloads.encodeVarData(ENV, e);
                payloads.encodeVarData(ARGS, e);
                yield e;
            }
            case SPAWN_REPLY -> {
                SpawnReplyEncoder e = new SpawnReplyEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.requestRef().id(500).creation(1);
                e.requester().id(0).creation(1);
                e.code(WireCodes.errorCode(SporeException.Reason.NOT_ALLOWED));
                e.pid().id(0).creation(0);
                yield e.message("node alpha@host-1.example is not on the access list of 'counter'");
            }
            case NAME_SERVICE_REGISTER -> new NameServiceRegisterEncoder().wrapAndApplyHeader(buffer, offset, header)
                .requestId(1).creation(77).nodeName("beta@10.0.0.7").endpoint("10.0.0.7:4371");
            case NAME_SERVICE_UNREGISTER -> new NameServiceUnregisterEncoder()
                .wrapAndApplyHeader(buffer, offset, header).requestId(2).nodeName("beta@10.0.0.7");
            case NAME_SERVICE_LOOKUP -> new NameServiceLookupEncoder().wrapAndApplyHeader(buffer, offset, header)
                .requestId(3).nodeName("beta@10.0.0.7");
            case NAME_SERVICE_REPLY -> new NameServiceReplyEncoder().wrapAndApplyHeader(buffer, offset, header)
                .requestId(3).status(NameServiceStatus.FOUND).creation(77).endpoint("10.0.0.7:4371");
        };
        return MessageHeaderEncoder.ENCODED_LENGTH + frame.encodedLength();
    }
}
