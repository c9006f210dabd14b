package io.spore.wire;

import io.spore.wire.sbe.BatchDecoder;
import io.spore.wire.sbe.CallReplyDecoder;
import io.spore.wire.sbe.CallRequestDecoder;
import io.spore.wire.sbe.ChallengeDecoder;
import io.spore.wire.sbe.ChallengeResponseDecoder;
import io.spore.wire.sbe.ChunkDecoder;
import io.spore.wire.sbe.DataBarrierDecoder;
import io.spore.wire.sbe.DeliveryAckDecoder;
import io.spore.wire.sbe.DemonitorDecoder;
import io.spore.wire.sbe.DownDecoder;
import io.spore.wire.sbe.ExitDecoder;
import io.spore.wire.sbe.GoodbyeDecoder;
import io.spore.wire.sbe.HeartbeatDecoder;
import io.spore.wire.sbe.HelloDecoder;
import io.spore.wire.sbe.LinkDecoder;
import io.spore.wire.sbe.MonitorDecoder;
import io.spore.wire.sbe.NameServiceLookupDecoder;
import io.spore.wire.sbe.NameServiceRegisterDecoder;
import io.spore.wire.sbe.NameServiceReplyDecoder;
import io.spore.wire.sbe.NameServiceUnregisterDecoder;
import io.spore.wire.sbe.PackedBatchDecoder;
import io.spore.wire.sbe.PingDecoder;
import io.spore.wire.sbe.PongDecoder;
import io.spore.wire.sbe.IdentityDecoder;
import io.spore.wire.sbe.PriorConnectionDecoder;
import io.spore.wire.sbe.SendImportantDecoder;
import io.spore.wire.sbe.SendToNameDecoder;
import io.spore.wire.sbe.SendToPidDecoder;
import io.spore.wire.sbe.SpawnReplyDecoder;
import io.spore.wire.sbe.SpawnRequestDecoder;
import io.spore.wire.sbe.StaleSessionDecoder;
import io.spore.wire.sbe.UnlinkDecoder;
import io.spore.wire.sbe.WelcomeDecoder;

/**
 * Every frame of the schema, with what a reader needs to check it before decoding: its template id, its fixed
 * block length, and the length headers of its variable fields in order. Switch on it to dispatch a frame that
 * {@link FrameReader#read} returned.
 *
 * <p>Threading: immutable.
 */
public enum FrameType {
    /** Versions 1 and 2 end where wireSecurity begins; the handshake refuses them with a reason. */
    HELLO(HelloDecoder.TEMPLATE_ID, HelloDecoder.BLOCK_LENGTH, HelloDecoder.wireSecurityEncodingOffset(),
        HelloDecoder.wireSecurityEncodingOffset(), true,
        HelloDecoder.nodeNameHeaderLength(), HelloDecoder.endpointHeaderLength()),
    /** Versions 1 and 2 end where wireSecurity begins. */
    CHALLENGE(ChallengeDecoder.TEMPLATE_ID, ChallengeDecoder.BLOCK_LENGTH, ChallengeDecoder.wireSecurityEncodingOffset(),
        ChallengeDecoder.wireSecurityEncodingOffset(), true,
        ChallengeDecoder.nodeNameHeaderLength(), ChallengeDecoder.endpointHeaderLength()),
    CHALLENGE_RESPONSE(ChallengeResponseDecoder.TEMPLATE_ID, ChallengeResponseDecoder.BLOCK_LENGTH, true),
    WELCOME(WelcomeDecoder.TEMPLATE_ID, WelcomeDecoder.BLOCK_LENGTH, true),
    /** Version 1's block ends where messagesRead begins. */
    HEARTBEAT(HeartbeatDecoder.TEMPLATE_ID, HeartbeatDecoder.BLOCK_LENGTH, HeartbeatDecoder.messagesReadEncodingOffset(),
        HeartbeatDecoder.BLOCK_LENGTH, false),
    GOODBYE(GoodbyeDecoder.TEMPLATE_ID, GoodbyeDecoder.BLOCK_LENGTH, true,
        GoodbyeDecoder.descriptionHeaderLength()),
    /** Never on a stream: the text of an Aeron error frame ({@link StaleSessionNotice}). */
    STALE_SESSION(StaleSessionDecoder.TEMPLATE_ID, StaleSessionDecoder.BLOCK_LENGTH, false),

    /** Since version 2. */
    PRIOR_CONNECTION(PriorConnectionDecoder.TEMPLATE_ID, PriorConnectionDecoder.BLOCK_LENGTH, false),

    /** Since version 3: a node's certificate chain and its signature over the handshake's transcript. */
    IDENTITY(IdentityDecoder.TEMPLATE_ID, IdentityDecoder.BLOCK_LENGTH, true, IdentityDecoder.certificatesHeaderLength(),
        IdentityDecoder.signatureHeaderLength()),

    DATA_BARRIER(DataBarrierDecoder.TEMPLATE_ID, DataBarrierDecoder.BLOCK_LENGTH, false),
    BATCH(BatchDecoder.TEMPLATE_ID, BatchDecoder.BLOCK_LENGTH, false, BatchDecoder.framesHeaderLength()),
    /** Since version 3: a batch whose frames share their headers with the frame before ({@link PackedBatches}). */
    PACKED_BATCH(PackedBatchDecoder.TEMPLATE_ID, PackedBatchDecoder.BLOCK_LENGTH, false,
        PackedBatchDecoder.framesHeaderLength()),
    /** Since version 3: a piece of a frame too long for one Aeron message ({@link Chunks}). */
    CHUNK(ChunkDecoder.TEMPLATE_ID, ChunkDecoder.BLOCK_LENGTH, false, ChunkDecoder.pieceHeaderLength()),

    SEND_TO_PID(SendToPidDecoder.TEMPLATE_ID, SendToPidDecoder.BLOCK_LENGTH, false,
        SendToPidDecoder.payloadHeaderLength()),
    SEND_TO_NAME(SendToNameDecoder.TEMPLATE_ID, SendToNameDecoder.BLOCK_LENGTH, false,
        SendToNameDecoder.nameHeaderLength(), SendToNameDecoder.payloadHeaderLength()),
    /** Version 1's block ends where deliveryId begins. */
    SEND_IMPORTANT(SendImportantDecoder.TEMPLATE_ID, SendImportantDecoder.BLOCK_LENGTH,
        SendImportantDecoder.deliveryIdEncodingOffset(), SendImportantDecoder.BLOCK_LENGTH, false,
        SendImportantDecoder.payloadHeaderLength()),
    DELIVERY_ACK(DeliveryAckDecoder.TEMPLATE_ID, DeliveryAckDecoder.BLOCK_LENGTH, false,
        DeliveryAckDecoder.messageHeaderLength()),
    CALL_REQUEST(CallRequestDecoder.TEMPLATE_ID, CallRequestDecoder.BLOCK_LENGTH, false,
        CallRequestDecoder.targetNameHeaderLength(), CallRequestDecoder.payloadHeaderLength()),
    CALL_REPLY(CallReplyDecoder.TEMPLATE_ID, CallReplyDecoder.BLOCK_LENGTH, false,
        CallReplyDecoder.messageHeaderLength(), CallReplyDecoder.payloadHeaderLength()),

    LINK(LinkDecoder.TEMPLATE_ID, LinkDecoder.BLOCK_LENGTH, false),
    UNLINK(UnlinkDecoder.TEMPLATE_ID, UnlinkDecoder.BLOCK_LENGTH, false),
    EXIT(ExitDecoder.TEMPLATE_ID, ExitDecoder.BLOCK_LENGTH, false,
        ExitDecoder.descriptionHeaderLength()),
    MONITOR(MonitorDecoder.TEMPLATE_ID, MonitorDecoder.BLOCK_LENGTH, false),
    DEMONITOR(DemonitorDecoder.TEMPLATE_ID, DemonitorDecoder.BLOCK_LENGTH, false),
    DOWN(DownDecoder.TEMPLATE_ID, DownDecoder.BLOCK_LENGTH, false,
        DownDecoder.descriptionHeaderLength()),

    PING(PingDecoder.TEMPLATE_ID, PingDecoder.BLOCK_LENGTH, false),
    PONG(PongDecoder.TEMPLATE_ID, PongDecoder.BLOCK_LENGTH, false),

    SPAWN_REQUEST(SpawnRequestDecoder.TEMPLATE_ID, SpawnRequestDecoder.BLOCK_LENGTH, false,
        SpawnRequestDecoder.factoryNameHeaderLength(), SpawnRequestDecoder.registerNameHeaderLength(),
        SpawnRequestDecoder.parentNodeHeaderLength(), SpawnRequestDecoder.leaderNodeHeaderLength(),
        SpawnRequestDecoder.applicationHeaderLength(), SpawnRequestDecoder.envHeaderLength(),
        SpawnRequestDecoder.argsHeaderLength()),
    SPAWN_REPLY(SpawnReplyDecoder.TEMPLATE_ID, SpawnReplyDecoder.BLOCK_LENGTH, false,
        SpawnReplyDecoder.messageHeaderLength()),

    NAME_SERVICE_REGISTER(NameServiceRegisterDecoder.TEMPLATE_ID, NameServiceRegisterDecoder.BLOCK_LENGTH, true,
        NameServiceRegisterDecoder.nodeNameHeaderLength(), NameServiceRegisterDecoder.endpointHeaderLength()),
    NAME_SERVICE_UNREGISTER(NameServiceUnregisterDecoder.TEMPLATE_ID, NameServiceUnregisterDecoder.BLOCK_LENGTH,
        true, NameServiceUnregisterDecoder.nodeNameHeaderLength()),
    NAME_SERVICE_LOOKUP(NameServiceLookupDecoder.TEMPLATE_ID, NameServiceLookupDecoder.BLOCK_LENGTH, true,
        NameServiceLookupDecoder.nodeNameHeaderLength()),
    NAME_SERVICE_REPLY(NameServiceReplyDecoder.TEMPLATE_ID, NameServiceReplyDecoder.BLOCK_LENGTH, true,
        NameServiceReplyDecoder.endpointHeaderLength());

    private static final FrameType[] BY_TEMPLATE_ID = new FrameType[64];

    static {
        for (FrameType type : values()) {
            BY_TEMPLATE_ID[type.templateId] = type;
        }
    }

    private final int templateId;
    private final int blockLength;
    /** The block of a frame that says it is version 1: shorter where version 2 appended fields. */
    private final int version1BlockLength;
    /** The block of a frame that says it is version 2: shorter where version 3 appended fields. */
    private final int version2BlockLength;
    private final boolean beforeWelcome;
    private final int[] varHeaderLengths;

    FrameType(int templateId, int blockLength, boolean beforeWelcome, int... varHeaderLengths) {
        this(templateId, blockLength, blockLength, blockLength, beforeWelcome, varHeaderLengths);
    }

    FrameType(int templateId, int blockLength, int version1BlockLength, int version2BlockLength,
              boolean beforeWelcome, int... varHeaderLengths) {
        this.templateId = templateId;
        this.blockLength = blockLength;
        this.version1BlockLength = version1BlockLength;
        this.version2BlockLength = version2BlockLength;
        this.beforeWelcome = beforeWelcome;
        this.varHeaderLengths = varHeaderLengths;
    }

    /**
     * @param templateId a frame header's template id
     * @return its frame type, or {@code null} when the schema has no such template
     */
    public static FrameType of(int templateId) {
        return templateId >= 0 && templateId < BY_TEMPLATE_ID.length ? BY_TEMPLATE_ID[templateId] : null;
    }

    /** @return the SBE template id, the message's id in the schema */
    public int templateId() {
        return templateId;
    }

    /** @return the fixed block's length in this schema version; a newer sender's block may be longer */
    public int blockLength() {
        return blockLength;
    }

    /**
     * @param version the schema version a frame's header says it was written in
     * @return the shortest block such a frame may have: every field that version has must be inside it, or the
     *         decoder would read past the block
     */
    public int blockLength(int version) {
        return version <= 1 ? version1BlockLength : version == 2 ? version2BlockLength : blockLength;
    }

    /**
     * @return whether a node accepts this frame from a peer that has not completed the handshake: the handshake's
     *         own frames, Goodbye, and the name service's frames
     */
    public boolean beforeWelcome() {
        return beforeWelcome;
    }

    /** @return how many variable-length fields follow the block in this schema version */
    public int varFieldCount() {
        return varHeaderLengths.length;
    }

    /** @return the byte length of the {@code index}th variable field's length header: 2 or 4 */
    int varHeaderLength(int index) {
        return varHeaderLengths[index];
    }
}
