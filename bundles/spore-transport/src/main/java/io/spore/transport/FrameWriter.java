package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.SpawnRequest;
import io.spore.wire.PayloadEncoder;
import io.spore.wire.TypeRegistry;
import io.spore.wire.WireCodes;
import io.spore.wire.sbe.CallReplyEncoder;
import io.spore.wire.sbe.CallRequestEncoder;
import io.spore.wire.sbe.ChallengeEncoder;
import io.spore.wire.sbe.ChallengeResponseEncoder;
import io.spore.wire.sbe.DataBarrierEncoder;
import io.spore.wire.sbe.DeliveryAckEncoder;
import io.spore.wire.sbe.DemonitorEncoder;
import io.spore.wire.sbe.DownEncoder;
import io.spore.wire.sbe.ErrorCode;
import io.spore.wire.sbe.ExitEncoder;
import io.spore.wire.sbe.ExitOrigin;
import io.spore.wire.sbe.GoodbyeEncoder;
import io.spore.wire.sbe.GoodbyeReason;
import io.spore.wire.sbe.HeartbeatEncoder;
import io.spore.wire.sbe.HelloEncoder;
import io.spore.wire.sbe.IdentityEncoder;
import io.spore.wire.sbe.LinkEncoder;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.MonitorEncoder;
import io.spore.wire.sbe.PingEncoder;
import io.spore.wire.sbe.PongEncoder;
import io.spore.wire.sbe.PriorConnectionEncoder;
import io.spore.wire.sbe.ProcessIdEncoder;
import io.spore.wire.sbe.ReferenceEncoder;
import io.spore.wire.sbe.SendImportantEncoder;
import io.spore.wire.sbe.SendToNameEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import io.spore.wire.sbe.SpawnReplyEncoder;
import io.spore.wire.sbe.SpawnRequestEncoder;
import io.spore.wire.sbe.TargetKind;
import io.spore.wire.sbe.UnlinkEncoder;
import io.spore.wire.sbe.WelcomeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one frame at a time into its own buffer, from offset 0: the send path's one entry into the schema.
 *
 * <p>Each method returns the frame's length. Encoding happens on the sending thread, so a value that cannot be sent
 * ({@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}) fails there, in the caller, before anything is queued. Pids and
 * refs go into the fixed blocks without their node names (the connection names both nodes, see the schema).
 *
 * <p>Threading: not thread-safe; one per thread (the transport keeps one per sending thread). Buffers and encoders
 * are reused: a frame of a built-in message allocates nothing here. The idle strategy is this thread's, for
 * waiting out back-pressure.
 */
final class FrameWriter {
    /** The ephemeral key field of a handshake frame written without one (tests, strangers): all zero. */
    private static final byte[] NO_KEY = new byte[32];
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(512);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PayloadEncoder payloads;
    private final IdleStrategy idle;
    private final HelloEncoder hello = new HelloEncoder();
    private final ChallengeEncoder challenge = new ChallengeEncoder();
    private final ChallengeResponseEncoder challengeResponse = new ChallengeResponseEncoder();
    private final WelcomeEncoder welcome = new WelcomeEncoder();
    private final IdentityEncoder identity = new IdentityEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final PriorConnectionEncoder priorConnection = new PriorConnectionEncoder();
    private final GoodbyeEncoder goodbye = new GoodbyeEncoder();
    private final SendToPidEncoder sendToPid = new SendToPidEncoder();
    private final SendToNameEncoder sendToName = new SendToNameEncoder();
    private final SendImportantEncoder sendImportant = new SendImportantEncoder();
    private final DeliveryAckEncoder deliveryAck = new DeliveryAckEncoder();
    private final CallRequestEncoder callRequest = new CallRequestEncoder();
    private final CallReplyEncoder callReply = new CallReplyEncoder();
    private final LinkEncoder link = new LinkEncoder();
    private final UnlinkEncoder unlink = new UnlinkEncoder();
    private final ExitEncoder exit = new ExitEncoder();
    private final MonitorEncoder monitor = new MonitorEncoder();
    private final DemonitorEncoder demonitor = new DemonitorEncoder();
    private final DownEncoder down = new DownEncoder();
    private final PingEncoder ping = new PingEncoder();
    private final PongEncoder pong = new PongEncoder();
    private final SpawnReplyEncoder spawnReply = new SpawnReplyEncoder();
    private final SpawnRequestEncoder spawnRequest = new SpawnRequestEncoder();
    /** A barrier is written beside the frame it goes before, so that frame need not be encoded again. */
    private final UnsafeBuffer barrierBuffer =
        new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + DataBarrierEncoder.BLOCK_LENGTH]);
    private final DataBarrierEncoder dataBarrier = new DataBarrierEncoder();
    private int payloadLength;
    private NodeName lastNode;
    private String lastNodeText;
    private final Tally outbound;
    /** The connection this thread last sent on: {@link AeronTransport} checks it is still current before use. */
    Association lastPeer;
    /** The process of this node answering in the last CallReply written, or {@link FrameSenders#UNKNOWN}. */
    long replierId = FrameSenders.UNKNOWN;

    FrameWriter(TypeRegistry registry, int maxMessageSize, IdleStrategy idle, Tally outbound) {
        this.payloads = new PayloadEncoder(registry, Math.max(16, maxMessageSize));
        this.idle = idle;
        this.outbound = outbound;
    }

    /** @return where the owning thread counts the frames it got into a publication */
    Tally outbound() {
        return outbound;
    }

    /** @return the buffer holding the last frame, from offset 0 */
    MutableDirectBuffer buffer() {
        return buffer;
    }

    /** @return the payload length of the last frame that had one */
    int payloadLength() {
        return payloadLength;
    }

    /** @return this thread's idle strategy */
    IdleStrategy idle() {
        return idle;
    }

    /** Writes a DataBarrier into {@link #barrierBuffer()}, leaving the frame in {@link #buffer()} as it is. */
    int dataBarrier(long dataPosition) {
        DataBarrierEncoder e = dataBarrier.wrapAndApplyHeader(barrierBuffer, 0, header);
        e.dataPosition(dataPosition);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    /** @return the buffer holding the last DataBarrier, from offset 0 */
    DirectBuffer barrierBuffer() {
        return barrierBuffer;
    }

    int sendToPid(Pid from, Pid to, Object message) {
        SendToPidEncoder e = sendToPid.wrapAndApplyHeader(buffer, 0, header);
        pid(e.sender(), from);
        pid(e.target(), to);
        payloadLength = payloads.encodeVarData(message, e);
        return length(e.encodedLength());
    }

    int sendImportant(Pid from, Pid to, Ref ackRef, long deliveryId, Object message) {
        SendImportantEncoder e = sendImportant.wrapAndApplyHeader(buffer, 0, header);
        pid(e.sender(), from);
        pid(e.target(), to);
        ref(e.ackRef(), ackRef);
        e.deliveryId(deliveryId);
        payloadLength = payloads.encodeVarData(message, e);
        return length(e.encodedLength());
    }

    /** The answer to a SendImportant: delivered when {@code error} is null. */
    int deliveryAck(Ref ackRef, SporeException error) {
        DeliveryAckEncoder e = deliveryAck.wrapAndApplyHeader(buffer, 0, header);
        ref(e.ackRef(), ackRef);
        if (error == null) {
            e.code(ErrorCode.OK);
            e.message("");
        } else {
            e.code(WireCodes.errorCode(error.reason()));
            e.message(error.getMessage() == null ? error.reason().toString() : error.getMessage());
        }
        payloadLength = 0;
        return length(e.encodedLength());
    }

    int sendToName(Pid from, Name name, Object message) {
        SendToNameEncoder e = sendToName.wrapAndApplyHeader(buffer, 0, header);
        pid(e.sender(), from);
        e.name(name.value());
        payloadLength = payloads.encodeVarData(message, e);
        return length(e.encodedLength());
    }

    /** A call by pid when {@code name} is {@code null}, else by registered name. */
    int callRequest(Caller caller, Pid to, Name name, Object request) {
        return callRequest(caller.from(), caller.refId(), caller.refCreation(), to, name, request);
    }

    /** A call of {@code from} under its node's ref {@code refId}, to the pid {@code to}. */
    int callRequest(Pid from, long refId, Pid to, Object request) {
        return callRequest(from, refId, from.creation(), to, null, request);
    }

    private int callRequest(Pid from, long refId, int refCreation, Pid to, Name name, Object request) {
        CallRequestEncoder e = callRequest.wrapAndApplyHeader(buffer, 0, header);
        pid(e.caller(), from);
        e.callRef().id(refId).creation(refCreation);
        e.targetKind(name == null ? TargetKind.PID : TargetKind.NAME);
        if (to == null) {
            e.target().id(0).creation(0);
        } else {
            pid(e.target(), to);
        }
        e.timeoutMs(0); // the SPI does not pass the caller's timeout; 0 means unknown
        e.targetName(name == null ? "" : name.value());
        payloadLength = payloads.encodeVarData(request, e);
        return length(e.encodedLength());
    }

    /**
     * A reply; a value that cannot be encoded becomes an error reply naming the problem, so the remote caller learns
     * why instead of waiting for its timeout. The replying process, if one, is kept beside the frame
     * ({@link #replierId}), not written: the peer does not need it; {@link LargeLane} does, to tell whether the reply
     * must follow the replier's large frames.
     */
    int callReply(Caller caller, Object value, SporeException error, Pid replier) {
        replierId = replier == null ? FrameSenders.UNKNOWN : replier.id();
        if (error == null) {
            try {
                return callReplyFrame(caller, ErrorCode.OK, "", value);
            } catch (SporeException refused) {
                error = refused;
            }
        }
        String message = error.getMessage() == null ? error.reason().toString() : error.getMessage();
        return callReplyFrame(caller, WireCodes.errorCode(error.reason()), message, null);
    }

    private int callReplyFrame(Caller caller, ErrorCode code, String message, Object value) {
        CallReplyEncoder e = callReply.wrapAndApplyHeader(buffer, 0, header);
        pid(e.caller(), caller.from());
        e.callRef().id(caller.refId()).creation(caller.refCreation());
        e.code(code);
        e.message(message);
        if (code == ErrorCode.OK) {
            payloadLength = payloads.encodeVarData(value, e);
        } else {
            e.putPayload(buffer, 0, 0);
            payloadLength = 0;
        }
        return length(e.encodedLength());
    }

    int link(Pid from, Pid to) {
        LinkEncoder e = link.wrapAndApplyHeader(buffer, 0, header);
        pid(e.from(), from);
        pid(e.to(), to);
        return length(e.encodedLength());
    }

    int unlink(Pid from, Pid to) {
        UnlinkEncoder e = unlink.wrapAndApplyHeader(buffer, 0, header);
        pid(e.from(), from);
        pid(e.to(), to);
        return length(e.encodedLength());
    }

    int exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        ExitEncoder e = exit.wrapAndApplyHeader(buffer, 0, header);
        pid(e.from(), from);
        pid(e.to(), to);
        e.origin(viaLink ? ExitOrigin.LINK : ExitOrigin.EXPLICIT);
        e.kind(WireCodes.exitKind(reason.kind()));
        e.description(reason.description() == null ? "" : reason.description());
        return length(e.encodedLength());
    }

    int monitor(Ref ref, Pid watcher, Pid target) {
        MonitorEncoder e = monitor.wrapAndApplyHeader(buffer, 0, header);
        pid(e.watcher(), watcher);
        pid(e.target(), target);
        ref(e.monitorRef(), ref);
        return length(e.encodedLength());
    }

    int demonitor(Ref ref, Pid watcher, Pid target) {
        DemonitorEncoder e = demonitor.wrapAndApplyHeader(buffer, 0, header);
        pid(e.watcher(), watcher);
        pid(e.target(), target);
        ref(e.monitorRef(), ref);
        return length(e.encodedLength());
    }

    int down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
        DownEncoder e = down.wrapAndApplyHeader(buffer, 0, header);
        ref(e.monitorRef(), ref);
        pid(e.watcher(), watcher);
        pid(e.target(), target);
        e.kind(WireCodes.exitKind(reason.kind()));
        e.description(reason.description() == null ? "" : reason.description());
        return length(e.encodedLength());
    }

    int hello(NodeName self, int creation, int maxMessageBytes, byte[] nonce, String endpoint) {
        HelloEncoder e = hello.wrapAndApplyHeader(buffer, 0, header);
        e.creation(creation).maxMessageBytes(maxMessageBytes).putClientNonce(nonce, 0, nonce.length);
        e.flags().clear().readsBatches(true).readsPackedBatches(true).honoursBarriers(true)
            .reportsMessagesRead(true).readsLargeStream(true).readsControlBatches(true); // TransportAgent
        e.wireSecurity(io.spore.wire.sbe.WireSecurity.NONE).suites((short) 0)
            .putEphemeralKey(NO_KEY, 0, NO_KEY.length);
        e.nodeName(self.toString()).endpoint(endpoint);
        return length(e.encodedLength());
    }

    int challenge(NodeName self, int creation, int maxMessageBytes, byte[] nonce, String endpoint) {
        ChallengeEncoder e = challenge.wrapAndApplyHeader(buffer, 0, header);
        e.creation(creation).maxMessageBytes(maxMessageBytes).putServerNonce(nonce, 0, nonce.length);
        e.flags().clear().readsBatches(true).readsPackedBatches(true).honoursBarriers(true)
            .reportsMessagesRead(true).readsLargeStream(true).readsControlBatches(true); // TransportAgent
        e.wireSecurity(io.spore.wire.sbe.WireSecurity.NONE).suite((short) 0)
            .putEphemeralKey(NO_KEY, 0, NO_KEY.length);
        e.nodeName(self.toString()).endpoint(endpoint);
        return length(e.encodedLength());
    }

    int identity(byte[] chain, byte[] signature) {
        IdentityEncoder e = identity.wrapAndApplyHeader(buffer, 0, header);
        e.putCertificates(chain, 0, chain.length).putSignature(signature, 0, signature.length);
        return length(e.encodedLength());
    }

    int challengeResponse(byte[] proof) {
        ChallengeResponseEncoder e = challengeResponse.wrapAndApplyHeader(buffer, 0, header);
        e.putClientProof(proof, 0, proof.length);
        return length(e.encodedLength());
    }

    int welcome(byte[] proof) {
        WelcomeEncoder e = welcome.wrapAndApplyHeader(buffer, 0, header);
        e.putServerProof(proof, 0, proof.length);
        return length(e.encodedLength());
    }

    /** @param messagesRead how many messages this node has read from the peer on this connection */
    int heartbeat(long sequence, long messagesRead) {
        HeartbeatEncoder e = heartbeat.wrapAndApplyHeader(buffer, 0, header);
        e.sequence(sequence).messagesRead(messagesRead);
        return length(e.encodedLength());
    }

    /** Tells a peer met again how many of its messages this node read on the connection that went down. */
    int priorConnection(int peerSessionId, long messagesRead) {
        PriorConnectionEncoder e = priorConnection.wrapAndApplyHeader(buffer, 0, header);
        e.sessionId(peerSessionId).messagesRead(messagesRead);
        return length(e.encodedLength());
    }

    int goodbye(GoodbyeReason reason, String description) {
        GoodbyeEncoder e = goodbye.wrapAndApplyHeader(buffer, 0, header);
        e.reason(reason);
        e.description(description);
        return length(e.encodedLength());
    }

    int ping(long correlationId, long sentTimeNs) {
        PingEncoder e = ping.wrapAndApplyHeader(buffer, 0, header);
        e.correlationId(correlationId).sentTimeNs(sentTimeNs);
        return length(e.encodedLength());
    }

    int pong(long correlationId, long sentTimeNs) {
        PongEncoder e = pong.wrapAndApplyHeader(buffer, 0, header);
        e.correlationId(correlationId).sentTimeNs(sentTimeNs);
        return length(e.encodedLength());
    }

    /**
     * A spawn request. A value without an encoding fails here, on the requester, naming the argument's position or
     * the environment key and the type; nothing is sent.
     */
    /** A spawn request under its node's ref {@code refId} (the request's own ref gives the creation). */
    int spawnRequest(long refId, SpawnRequest request) {
        SpawnRequestEncoder e = spawnRequest.wrapAndApplyHeader(buffer, 0, header);
        e.requestRef().id(refId).creation(request.ref().creation());
        pid(e.requester(), request.requester());
        pid(e.parent(), request.parent());
        if (request.leader() == null) {
            e.leader().id(0).creation(0);
        } else {
            pid(e.leader(), request.leader());
        }
        e.logLevel(WireCodes.logLevel(request.logLevel()));
        e.flags().clear().trapExits(request.trapExits()).linkRequester(request.link());
        e.timeoutMs(Math.min(request.timeoutMs(), 0xFFFF_FFFFL));
        e.factoryName(request.factory().value());
        e.registerName(request.register() == null ? "" : request.register().value());
        e.parentNode(text(request.parent().node()));
        e.leaderNode(request.leader() == null ? "" : text(request.leader().node()));
        e.application(request.application() == null ? "" : request.application());
        int envLength = 0;
        if (request.env() == null) {
            e.putEnv(buffer, 0, 0);
        } else {
            try {
                envLength = payloads.encodeVarData(request.env(), e);
            } catch (SporeException refused) {
                throw nameTheValue(refused, request.env(), "the environment entry '", "'");
            }
        }
        int argsLength;
        try {
            argsLength = payloads.encodeVarData(request.args(), e);
        } catch (SporeException refused) {
            java.util.Map<String, Object> byPosition = new java.util.LinkedHashMap<>();
            for (int i = 0; i < request.args().size(); i++) {
                byPosition.put(String.valueOf(i + 1), request.args().get(i));
            }
            throw nameTheValue(refused, byPosition, "argument ", "");
        }
        payloadLength = envLength + argsLength;
        return length(e.encodedLength());
    }

    /** Finds which value of {@code values} could not be encoded, and says so (an error path only). */
    private SporeException nameTheValue(SporeException refused, java.util.Map<String, Object> values, String before,
                                        String after) {
        if (refused.reason() != SporeException.Reason.UNENCODABLE) {
            return refused;
        }
        for (java.util.Map.Entry<String, Object> entry : values.entrySet()) {
            try {
                payloads.encode(entry.getValue());
            } catch (SporeException culprit) {
                return new SporeException(SporeException.Reason.UNENCODABLE, "cannot spawn remotely: "
                    + before + entry.getKey() + after + " has no encoding (" + culprit.getMessage() + ")", culprit);
            }
        }
        return refused;
    }

    /** The answer to a spawn request: the child's pid, or the error (code and message). */
    int spawnReply(Ref ref, Pid requester, Pid child, SporeException error) {
        SpawnReplyEncoder e = spawnReply.wrapAndApplyHeader(buffer, 0, header);
        ref(e.requestRef(), ref);
        pid(e.requester(), requester);
        if (error == null) {
            e.code(ErrorCode.OK);
            pid(e.pid(), child);
            e.message("");
        } else {
            e.code(WireCodes.errorCode(error.reason()));
            e.pid().id(0).creation(0);
            e.message(error.getMessage() == null ? error.reason().toString() : error.getMessage());
        }
        payloadLength = 0;
        return length(e.encodedLength());
    }

    /**
     * As {@link #hello(NodeName, int, int, byte[], String)}, with what this node offers: whether it accepts spawns,
     * reads the large-message stream and batches on its control stream, its wire security, the suites it can seal
     * with and its ephemeral key.
     */
    int hello(NodeName self, int creation, int maxMessageBytes, byte[] nonce, String endpoint, boolean spawns,
              boolean readsLarge, boolean readsControlBatches, WireSecurity security, int suites, byte[] key) {
        int length = hello(self, creation, maxMessageBytes, nonce, endpoint);
        hello.flags().remoteSpawnEnabled(spawns).readsLargeStream(readsLarge).readsControlBatches(readsControlBatches);
        hello.wireSecurity(security.code()).suites((short) suites).putEphemeralKey(key, 0, key.length);
        return length;
    }

    /**
     * As {@link #challenge(NodeName, int, int, byte[], String)}, with whether this node accepts spawns, reads the
     * large-message stream and batches on its control stream, its wire security, the suite chosen and its ephemeral
     * key.
     */
    int challenge(NodeName self, int creation, int maxMessageBytes, byte[] nonce, String endpoint, boolean spawns,
                  boolean readsLarge, boolean readsControlBatches, WireSecurity security, int suite, byte[] key) {
        int length = challenge(self, creation, maxMessageBytes, nonce, endpoint);
        challenge.flags().remoteSpawnEnabled(spawns).readsLargeStream(readsLarge)
            .readsControlBatches(readsControlBatches);
        challenge.wireSecurity(security.code()).suite((short) suite).putEphemeralKey(key, 0, key.length);
        return length;
    }

    /** @return {@code node} as text, made once for the node this thread named last (usually its own) */
    private String text(NodeName node) {
        if (node != lastNode) {
            lastNodeText = node.toString();
            lastNode = node;
        }
        return lastNodeText;
    }

    private static void pid(ProcessIdEncoder encoder, Pid pid) {
        encoder.id(pid.id()).creation(pid.creation());
    }

    private static void ref(ReferenceEncoder encoder, Ref ref) {
        encoder.id(ref.id()).creation(ref.creation());
    }

    private static int length(int bodyLength) {
        return MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
    }
}
