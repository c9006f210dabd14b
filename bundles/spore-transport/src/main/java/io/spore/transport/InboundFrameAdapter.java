package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.SpawnRequest;
import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.MalformedFrameException;
import io.spore.wire.PayloadDecoder;
import io.spore.wire.WireCodes;
import io.spore.wire.sbe.CallReplyDecoder;
import io.spore.wire.sbe.CallRequestDecoder;
import io.spore.wire.sbe.DeliveryAckDecoder;
import io.spore.wire.sbe.DemonitorDecoder;
import io.spore.wire.sbe.DownDecoder;
import io.spore.wire.sbe.ErrorCode;
import io.spore.wire.sbe.ExitDecoder;
import io.spore.wire.sbe.ExitOrigin;
import io.spore.wire.sbe.LinkDecoder;
import io.spore.wire.sbe.MonitorDecoder;
import io.spore.wire.sbe.ProcessIdDecoder;
import io.spore.wire.sbe.ReferenceDecoder;
import io.spore.wire.sbe.SendImportantDecoder;
import io.spore.wire.sbe.SendToNameDecoder;
import io.spore.wire.sbe.SendToPidDecoder;
import io.spore.wire.sbe.SpawnReplyDecoder;
import io.spore.wire.sbe.SpawnRequestDecoder;
import io.spore.wire.sbe.TargetKind;
import io.spore.wire.sbe.UnlinkDecoder;

/**
 * Turns the frames of an authenticated peer into calls on the node's {@link Inbound}: messages, calls and replies,
 * links, exits and monitors, spawn requests and replies.
 *
 * <p>A pid or ref in a frame's fixed block gets its node from the field's side of the connection (the sending peer
 * or this node), as the schema says; the node itself treats a pid of another incarnation as a process that does not
 * exist. A frame that cannot be read throws {@link MalformedFrameException}; the agent drops and counts it. Two
 * cases answer instead of dropping, so that nobody waits for a timeout: a call request whose payload cannot be read
 * is answered with {@code UNENCODABLE}, and a reply whose payload cannot be read fails the local call with
 * {@code UNENCODABLE}.
 *
 * <p>Threading: the receive agent's thread only.
 */
final class InboundFrameAdapter {
    private final NodeName self;
    private final Inbound inbound;
    private final AeronTransport router;
    private final PayloadDecoder payloads;
    private final TransportCounters counters;
    /** This node's pids named in frames lately (targets of messages, callers of replies). */
    private final PidCache selfPids;
    private final DataPauses pauses;
    /** The delivery ids of the important sends delivered lately, so that a retry is not delivered twice. */
    private final DeliveredIds deliveredIds = new DeliveredIds(DeliveredIds.CAPACITY);
    private final SpawnRequestReader spawnRequests = new SpawnRequestReader();

    InboundFrameAdapter(NodeName self, Inbound inbound, AeronTransport router, PayloadDecoder payloads,
                        TransportCounters counters, DataPauses pauses) {
        this.self = self;
        this.inbound = inbound;
        this.router = router;
        this.payloads = payloads;
        this.counters = counters;
        this.selfPids = new PidCache(self);
        this.pauses = pauses;
    }

    /** Starts a batch of frames: see {@link Inbound#beginBatch()}. */
    void beginBatch() {
        inbound.beginBatch();
    }

    /** Ends the batch and wakes the processes it delivered to. */
    void endBatch() {
        inbound.endBatch();
    }

    /**
     * @return whether the frame was one this adapter handles (the node's traffic)
     * @throws MalformedFrameException when a field or the payload cannot be read
     */
    boolean onFrame(FrameType type, Association peer, FrameReader reader) {
        NodeName remote = peer.name;
        PidCache remotePids = peer.pids;
        switch (type) {
            case SEND_TO_PID -> {
                peer.traffic.messageRead();
                SendToPidDecoder frame = reader.sendToPid();
                Pid from = pid(remotePids, frame.sender());
                Pid to = pid(selfPids, frame.target());
                if (!inbound.send(from, to, payloads.decodeVarData(frame))) {
                    pauses.pause(peer, to);
                }
            }
            case SEND_TO_NAME -> {
                peer.traffic.messageRead();
                SendToNameDecoder frame = reader.sendToName();
                Pid from = pid(remotePids, frame.sender());
                Name name = name(frame.name());
                Pid full = inbound.sendNamed(from, name, payloads.decodeVarData(frame));
                if (full != null) {
                    pauses.pause(peer, full);
                }
            }
            case SEND_IMPORTANT -> onSendImportant(remote, remotePids, reader.sendImportant());
            case DELIVERY_ACK -> {
                DeliveryAckDecoder frame = reader.deliveryAck();
                Ref ref = ref(self, frame.ackRef());
                ErrorCode code = frame.code();
                String message = frame.message();
                inbound.deliveryAck(remote, ref, code == ErrorCode.OK ? null : new SporeException(
                    WireCodes.reason(code, SporeException.Reason.NO_PROCESS),
                    message.isEmpty() ? remote + " did not deliver the message (" + code + ")" : message));
            }
            case CALL_REQUEST -> onCallRequest(remote, remotePids, reader.callRequest());
            case CALL_REPLY -> onCallReply(remote, reader.callReply());
            case LINK -> {
                LinkDecoder frame = reader.link();
                inbound.link(pid(remotePids, frame.from()), pid(selfPids, frame.to()));
            }
            case UNLINK -> {
                UnlinkDecoder frame = reader.unlink();
                inbound.unlink(pid(remotePids, frame.from()), pid(selfPids, frame.to()));
            }
            case EXIT -> {
                ExitDecoder frame = reader.exit();
                Pid from = pid(remotePids, frame.from());
                Pid to = pid(selfPids, frame.to());
                boolean viaLink = frame.origin() != ExitOrigin.EXPLICIT;
                ExitReason reason = WireCodes.exitReason(frame.kind(), frame.description());
                inbound.exit(from, to, reason, viaLink);
            }
            case MONITOR -> {
                MonitorDecoder frame = reader.monitor();
                Pid watcher = pid(remotePids, frame.watcher());
                Pid target = pid(selfPids, frame.target());
                inbound.monitor(ref(remote, frame.monitorRef()), watcher, target);
            }
            case DEMONITOR -> {
                DemonitorDecoder frame = reader.demonitor();
                Pid watcher = pid(remotePids, frame.watcher());
                Pid target = pid(selfPids, frame.target());
                inbound.demonitor(ref(remote, frame.monitorRef()), watcher, target);
            }
            case DOWN -> {
                DownDecoder frame = reader.down();
                Ref ref = ref(self, frame.monitorRef());
                Pid watcher = pid(selfPids, frame.watcher());
                Pid target = pid(remotePids, frame.target());
                inbound.down(ref, watcher, target, WireCodes.exitReason(frame.kind(), frame.description()));
            }
            case SPAWN_REQUEST -> onSpawnRequest(remote, remotePids, reader.spawnRequest());
            case SPAWN_REPLY -> onSpawnReply(remote, remotePids, reader.spawnReply());
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A spawn request: handed to the node, which answers it from a worker thread. One whose names or values cannot
     * be read is answered here with {@code UNENCODABLE}, so the requester does not wait for its timeout.
     */
    private void onSpawnRequest(NodeName remote, PidCache remotePids, SpawnRequestDecoder frame) {
        Ref ref = ref(remote, frame.requestRef());
        Pid requester = pid(remotePids, frame.requester());
        SpawnRequest request;
        try {
            request = spawnRequests.read(remote, remotePids, ref, requester, frame, payloads);
        } catch (MalformedFrameException unreadable) {
            counters.malformedFrames.increment();
            router.spawnReply(remote, ref, requester, null, new SporeException(SporeException.Reason.UNENCODABLE,
                self + " could not read the spawn request: " + unreadable.getMessage()));
            return;
        }
        inbound.spawnRequest(remote, request);
    }

    /** An answer to a spawn request of this node: given on by the ref's id, so no Ref is made for it. */
    private void onSpawnReply(NodeName remote, PidCache remotePids, SpawnReplyDecoder frame) {
        long refId = frame.requestRef().id();
        int refCreation = frame.requestRef().creation();
        ErrorCode code = frame.code();
        if (code == ErrorCode.OK) {
            inbound.spawnReply(remote, self, refId, refCreation, pid(remotePids, frame.pid()), null);
            return;
        }
        String message = frame.message();
        SporeException.Reason reason = WireCodes.reason(code, SporeException.Reason.INIT_FAILED);
        inbound.spawnReply(remote, self, refId, refCreation, null, new SporeException(reason, message.isEmpty()
            ? "the spawn failed on " + remote + " (" + reason + ")" : message));
    }

    /**
     * An important message: delivered, and answered either way, so the sender does not wait for its timeout; one
     * whose payload cannot be read is answered with {@code UNENCODABLE}. One that repeats a delivered send (the same
     * delivery id, sender and target: a retry) is answered as delivered and dropped, so it is in the mailbox once.
     */
    private void onSendImportant(NodeName remote, PidCache remotePids, SendImportantDecoder frame) {
        Pid from = pid(remotePids, frame.sender());
        Pid to = pid(selfPids, frame.target());
        Ref ackRef = ref(remote, frame.ackRef());
        long deliveryId = DeliveredIds.idOf(frame);
        if (deliveredIds.contains(from, to, deliveryId)) {
            frame.skipPayload();
            counters.duplicatesDropped.increment();
            router.deliveryAck(remote, ackRef, null);
            return;
        }
        Object message;
        try {
            message = payloads.decodeVarData(frame);
        } catch (MalformedFrameException unreadable) {
            counters.malformedFrames.increment();
            router.deliveryAck(remote, ackRef, new SporeException(SporeException.Reason.UNENCODABLE, self
                + " could not read the message: " + unreadable.getMessage()));
            return;
        }
        boolean delivered = inbound.sendImportant(from, to, message);
        if (delivered) {
            // Only a delivery is remembered: a retry to a missing process gets NO_PROCESS again (pids are not reused).
            deliveredIds.remember(from, to, deliveryId);
        }
        router.deliveryAck(remote, ackRef, delivered ? null : new SporeException(SporeException.Reason.NO_PROCESS,
            "no process " + to + " on " + self + " (it has exited, or never existed on this node incarnation)"));
    }

    private void onCallRequest(NodeName remote, PidCache remotePids, CallRequestDecoder frame) {
        // The ref's node is the caller's (both are the sending peer's): one object, no Ref (see Caller).
        ReferenceDecoder callRef = frame.callRef();
        Caller caller = new Caller(pid(remotePids, frame.caller()), callRef.id(), callRef.creation());
        TargetKind kind = frame.targetKind();
        Pid target = kind == TargetKind.PID ? pid(selfPids, frame.target()) : null;
        String targetName = frame.targetName();
        Name name = kind == TargetKind.NAME ? name(targetName) : null;
        if (target == null && name == null) {
            throw new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE,
                "a call request from " + remote + " names its callee neither by pid nor by name");
        }
        Object request;
        try {
            request = payloads.decodeVarData(frame);
        } catch (MalformedFrameException unreadable) {
            counters.malformedFrames.increment();
            router.reply(caller, null, new SporeException(SporeException.Reason.UNENCODABLE, self
                + " could not read the request: " + unreadable.getMessage()));
            return;
        }
        if (target != null) {
            inbound.call(caller, target, request);
        } else {
            inbound.callNamed(caller, name, request);
        }
    }

    /** An answer to a call of this node: given on by the caller's pid and ref id, so no Caller or Ref is made. */
    private void onCallReply(NodeName remote, CallReplyDecoder frame) {
        Pid caller = pid(selfPids, frame.caller());
        long refId = frame.callRef().id();
        int refCreation = frame.callRef().creation();
        ErrorCode code = frame.code();
        if (code != ErrorCode.OK) {
            String message = frame.message();
            frame.skipPayload();
            SporeException.Reason reason = WireCodes.reason(code, SporeException.Reason.CALL_FAILED);
            inbound.reply(remote, caller, refId, refCreation, null, new SporeException(reason, message.isEmpty()
                ? "the call failed on " + remote + " (" + reason + ")" : message));
            return;
        }
        frame.skipMessage();
        Object value;
        try {
            value = payloads.decodeVarData(frame);
        } catch (MalformedFrameException unreadable) {
            counters.malformedFrames.increment();
            inbound.reply(remote, caller, refId, refCreation, null, new SporeException(
                SporeException.Reason.UNENCODABLE, "the reply from " + remote + " could not be read here: "
                + unreadable.getMessage()));
            return;
        }
        inbound.reply(remote, caller, refId, refCreation, value, null);
    }

    private static Pid pid(PidCache node, ProcessIdDecoder field) {
        long id = field.id();
        if (id < 0) {
            throw new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE,
                "a pid with the negative id " + id);
        }
        return node.pid(id, field.creation());
    }

    private static Ref ref(NodeName node, ReferenceDecoder field) {
        return new Ref(node, field.id(), field.creation());
    }

    private static Name name(String text) {
        try {
            return Name.of(text);
        } catch (SporeException e) {
            throw new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE,
                "a received name is invalid: " + e.getMessage(), e);
        }
    }
}
