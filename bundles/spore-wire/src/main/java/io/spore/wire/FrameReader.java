package io.spore.wire;

import io.spore.wire.MalformedFrameException.Problem;
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
import io.spore.wire.sbe.MessageHeaderDecoder;
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
import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.nio.ByteOrder;

/**
 * Checks a received frame and hands out the generated decoder for it, wrapped and ready: the receive path's one
 * entry into the schema.
 *
 * <pre>{@code
 * FrameType type = reader.read(buffer, offset, length);   // MalformedFrameException: drop and count
 * switch (type) {
 *     case SEND_TO_PID -> {
 *         SendToPidDecoder frame = reader.sendToPid();
 *         long target = frame.target().id();
 *         Object message = payloadDecoder.decodeVarData(frame);      // the payload field, read in place
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>What {@link #read} checks, so that no generated getter can read outside the frame: the header's schema id
 * (21328) and version (at least 1), a known template, a block at least as long as the template's, every variable
 * field's length inside the frame, and, for a frame of this schema's version, no bytes after the last field. A newer
 * sender's frame (a higher version) is accepted with its longer block and extra fields, which the decoders skip.
 * Enum fields of a newer peer read as {@code SBE_UNKNOWN} (see {@link WireCodes}); variable fields must be read in
 * schema order, as SBE requires.
 *
 * <p>Threading: not thread-safe; one per receiving thread. It allocates nothing; the decoders it returns are its
 * own and are rewrapped by the next {@link #read}.
 */
public final class FrameReader {
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final int maxFrameBytes;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final HelloDecoder hello = new HelloDecoder();
    private final ChallengeDecoder challenge = new ChallengeDecoder();
    private final ChallengeResponseDecoder challengeResponse = new ChallengeResponseDecoder();
    private final WelcomeDecoder welcome = new WelcomeDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final GoodbyeDecoder goodbye = new GoodbyeDecoder();
    private final StaleSessionDecoder staleSession = new StaleSessionDecoder();
    private final PriorConnectionDecoder priorConnection = new PriorConnectionDecoder();
    private final IdentityDecoder identity = new IdentityDecoder();
    private final DataBarrierDecoder dataBarrier = new DataBarrierDecoder();
    private final BatchDecoder batch = new BatchDecoder();
    private final ChunkDecoder chunk = new ChunkDecoder();
    private final PackedBatchDecoder packedBatch = new PackedBatchDecoder();
    private final SendToPidDecoder sendToPid = new SendToPidDecoder();
    private final SendToNameDecoder sendToName = new SendToNameDecoder();
    private final SendImportantDecoder sendImportant = new SendImportantDecoder();
    private final DeliveryAckDecoder deliveryAck = new DeliveryAckDecoder();
    private final CallRequestDecoder callRequest = new CallRequestDecoder();
    private final CallReplyDecoder callReply = new CallReplyDecoder();
    private final LinkDecoder link = new LinkDecoder();
    private final UnlinkDecoder unlink = new UnlinkDecoder();
    private final ExitDecoder exit = new ExitDecoder();
    private final MonitorDecoder monitor = new MonitorDecoder();
    private final DemonitorDecoder demonitor = new DemonitorDecoder();
    private final DownDecoder down = new DownDecoder();
    private final PingDecoder ping = new PingDecoder();
    private final PongDecoder pong = new PongDecoder();
    private final SpawnRequestDecoder spawnRequest = new SpawnRequestDecoder();
    private final SpawnReplyDecoder spawnReply = new SpawnReplyDecoder();
    private final NameServiceRegisterDecoder nameServiceRegister = new NameServiceRegisterDecoder();
    private final NameServiceUnregisterDecoder nameServiceUnregister = new NameServiceUnregisterDecoder();
    private final NameServiceLookupDecoder nameServiceLookup = new NameServiceLookupDecoder();
    private final NameServiceReplyDecoder nameServiceReply = new NameServiceReplyDecoder();

    /** A reader that takes frames of any length. */
    public FrameReader() {
        this(Integer.MAX_VALUE);
    }

    /**
     * @param maxFrameBytes the longest frame accepted; a longer one is malformed ({@link Problem#TOO_LARGE})
     */
    public FrameReader(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Checks the frame in {@code buffer} and wraps the decoder of its type.
     *
     * @param buffer where the frame is
     * @param offset where it starts (its header)
     * @param length its length in bytes
     * @return its type; get the wrapped decoder from the accessor of that name
     * @throws MalformedFrameException when it is not a valid frame of this schema
     */
    public FrameType read(DirectBuffer buffer, int offset, int length) {
        if (length > maxFrameBytes) {
            throw new MalformedFrameException(Problem.TOO_LARGE,
                "a frame of " + length + " bytes is over the limit of " + maxFrameBytes + " bytes");
        }
        if (offset < 0 || length < MessageHeaderDecoder.ENCODED_LENGTH
            || (long) offset + length > buffer.capacity()) {
            throw new MalformedFrameException(Problem.TRUNCATED,
                "a frame of " + length + " bytes is shorter than its header or its buffer");
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID) {
            throw new MalformedFrameException(Problem.UNKNOWN_SCHEMA, "schema id " + header.schemaId()
                + " is not Spore's (" + MessageHeaderDecoder.SCHEMA_ID + ")");
        }
        int version = header.version();
        if (version < 1) {
            throw new MalformedFrameException(Problem.UNSUPPORTED_VERSION, "schema version " + version
                + " does not exist (the first is 1)");
        }
        FrameType type = FrameType.of(header.templateId());
        if (type == null) {
            throw new MalformedFrameException(Problem.UNKNOWN_TEMPLATE, "template id " + header.templateId()
                + " is not in schema version " + MessageHeaderDecoder.SCHEMA_VERSION);
        }
        int blockLength = header.blockLength();
        if (blockLength < type.blockLength(version)) {
            throw new MalformedFrameException(Problem.BAD_BLOCK_LENGTH, type + " has a block of " + blockLength
                + " bytes, shorter than its " + type.blockLength(version) + " in version " + version);
        }
        int end = offset + length;
        int limit = offset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (limit > end) {
            throw truncated(type, length, "its block");
        }
        for (int i = 0; i < type.varFieldCount(); i++) {
            int headerLength = type.varHeaderLength(i);
            if (end - limit < headerLength) {
                throw truncated(type, length, "the length of variable field " + (i + 1));
            }
            long fieldLength = headerLength == 2
                ? buffer.getShort(limit, ORDER) & 0xFFFFL
                : buffer.getInt(limit, ORDER) & 0xFFFF_FFFFL;
            if (fieldLength > end - limit - headerLength) {
                throw truncated(type, length, "variable field " + (i + 1) + " of " + fieldLength + " bytes");
            }
            limit += headerLength + (int) fieldLength;
        }
        if (version == MessageHeaderDecoder.SCHEMA_VERSION && limit != end) {
            throw new MalformedFrameException(Problem.TRAILING_BYTES,
                (end - limit) + " bytes follow the last field of a " + type + " frame");
        }
        decoder(type).wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        return type;
    }

    private static MalformedFrameException truncated(FrameType type, int length, String what) {
        return new MalformedFrameException(Problem.TRUNCATED,
            "a " + type + " frame of " + length + " bytes ends inside " + what);
    }

    private MessageDecoderFlyweight decoder(FrameType type) {
        return switch (type) {
            case HELLO -> hello;
            case CHALLENGE -> challenge;
            case CHALLENGE_RESPONSE -> challengeResponse;
            case WELCOME -> welcome;
            case HEARTBEAT -> heartbeat;
            case GOODBYE -> goodbye;
            case STALE_SESSION -> staleSession;
            case PRIOR_CONNECTION -> priorConnection;
            case IDENTITY -> identity;
            case DATA_BARRIER -> dataBarrier;
            case BATCH -> batch;
            case CHUNK -> chunk;
            case PACKED_BATCH -> packedBatch;
            case SEND_TO_PID -> sendToPid;
            case SEND_TO_NAME -> sendToName;
            case SEND_IMPORTANT -> sendImportant;
            case DELIVERY_ACK -> deliveryAck;
            case CALL_REQUEST -> callRequest;
            case CALL_REPLY -> callReply;
            case LINK -> link;
            case UNLINK -> unlink;
            case EXIT -> exit;
            case MONITOR -> monitor;
            case DEMONITOR -> demonitor;
            case DOWN -> down;
            case PING -> ping;
            case PONG -> pong;
            case SPAWN_REQUEST -> spawnRequest;
            case SPAWN_REPLY -> spawnReply;
            case NAME_SERVICE_REGISTER -> nameServiceRegister;
            case NAME_SERVICE_UNREGISTER -> nameServiceUnregister;
            case NAME_SERVICE_LOOKUP -> nameServiceLookup;
            case NAME_SERVICE_REPLY -> nameServiceReply;
        };
    }

    /** @return the decoder of the last frame read, as its own type */
    public MessageDecoderFlyweight decoder() {
        return decoder(FrameType.of(header.templateId()));
    }

    /** @return the decoder wrapped by the last {@link #read} that returned {@link FrameType#HELLO} */
    public HelloDecoder hello() {
        return hello;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#CHALLENGE} */
    public ChallengeDecoder challenge() {
        return challenge;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#CHALLENGE_RESPONSE} */
    public ChallengeResponseDecoder challengeResponse() {
        return challengeResponse;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#WELCOME} */
    public WelcomeDecoder welcome() {
        return welcome;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#HEARTBEAT} */
    public HeartbeatDecoder heartbeat() {
        return heartbeat;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#GOODBYE} */
    public GoodbyeDecoder goodbye() {
        return goodbye;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#PRIOR_CONNECTION} */
    public PriorConnectionDecoder priorConnection() {
        return priorConnection;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#IDENTITY} */
    public IdentityDecoder identity() {
        return identity;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#STALE_SESSION} */
    public StaleSessionDecoder staleSession() {
        return staleSession;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#DATA_BARRIER} */
    public DataBarrierDecoder dataBarrier() {
        return dataBarrier;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#BATCH}: see {@link Batches} */
    public BatchDecoder batch() {
        return batch;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#PACKED_BATCH}: see {@link PackedBatches} */
    public PackedBatchDecoder packedBatch() {
        return packedBatch;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#CHUNK}: see {@link Chunks} */
    public ChunkDecoder chunk() {
        return chunk;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#SEND_IMPORTANT} */
    public SendImportantDecoder sendImportant() {
        return sendImportant;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#DELIVERY_ACK} */
    public DeliveryAckDecoder deliveryAck() {
        return deliveryAck;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#SEND_TO_PID} */
    public SendToPidDecoder sendToPid() {
        return sendToPid;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#SEND_TO_NAME} */
    public SendToNameDecoder sendToName() {
        return sendToName;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#CALL_REQUEST} */
    public CallRequestDecoder callRequest() {
        return callRequest;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#CALL_REPLY} */
    public CallReplyDecoder callReply() {
        return callReply;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#LINK} */
    public LinkDecoder link() {
        return link;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#UNLINK} */
    public UnlinkDecoder unlink() {
        return unlink;
    }

    /** @return the decoder wrapped by the last read of an {@link FrameType#EXIT} */
    public ExitDecoder exit() {
        return exit;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#MONITOR} */
    public MonitorDecoder monitor() {
        return monitor;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#DEMONITOR} */
    public DemonitorDecoder demonitor() {
        return demonitor;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#DOWN} */
    public DownDecoder down() {
        return down;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#PING} */
    public PingDecoder ping() {
        return ping;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#PONG} */
    public PongDecoder pong() {
        return pong;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#SPAWN_REQUEST} */
    public SpawnRequestDecoder spawnRequest() {
        return spawnRequest;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#SPAWN_REPLY} */
    public SpawnReplyDecoder spawnReply() {
        return spawnReply;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#NAME_SERVICE_REGISTER} */
    public NameServiceRegisterDecoder nameServiceRegister() {
        return nameServiceRegister;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#NAME_SERVICE_UNREGISTER} */
    public NameServiceUnregisterDecoder nameServiceUnregister() {
        return nameServiceUnregister;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#NAME_SERVICE_LOOKUP} */
    public NameServiceLookupDecoder nameServiceLookup() {
        return nameServiceLookup;
    }

    /** @return the decoder wrapped by the last read of a {@link FrameType#NAME_SERVICE_REPLY} */
    public NameServiceReplyDecoder nameServiceReply() {
        return nameServiceReply;
    }
}
