package io.spore.transport;

import io.spore.core.spi.PeerSecurity;
import io.spore.core.spi.PeerStats;
import io.spore.core.spi.TrafficStats;
import io.spore.core.spi.TransportStatistics;
import io.spore.transport.seal.Rejection;
import io.spore.wire.FrameType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the transport has done and refused, as the node and administration tools read it ({@link TransportStatistics}):
 * frames and bytes in and out, per frame type, the traffic by kind, and every kind of frame or send that did not go
 * through.
 *
 * <p>Threading: counters only grow, and any thread reads them. The per-frame counts, per frame type, are
 * single-writer {@link Tally tallies}, one per thread, summed here on reading: nothing on the per-frame path does an
 * atomic read-modify-write. The rare events are {@link LongAdder}s that any thread may count.
 */
public final class TransportCounters implements TransportStatistics {
    /** Every per-frame count, one tally per thread that sends or receives. */
    private final ThreadTallies tallies = new ThreadTallies();
    /** Frames the agent itself sends: heartbeats, handshakes, queued frames it flushes, answers it gives. */
    final Tally agentOutbound = tallies.newTally(null);
    /** Frames received, counted by whichever thread does the receiving work, one at a time under the receive lock. */
    final Tally inbound = tallies.newTally(null);
    /** Batches are counted by each data publication (under its own lock), summed here; closed ones are folded in. */
    private final Queue<BatchingPublication> batching = new ConcurrentLinkedQueue<>();
    private final LongAdder batchesOfClosed = new LongAdder();
    final LongAdder malformedFrames = new LongAdder();
    final LongAdder unauthenticatedFrames = new LongAdder();
    final LongAdder failedHandshakes = new LongAdder();
    final LongAdder backPressureEvents = new LongAdder();
    final LongAdder backPressureFailures = new LongAdder();
    final LongAdder pendingFull = new LongAdder();
    final LongAdder droppedUnreachable = new LongAdder();
    final LongAdder lostInFlight = new LongAdder();
    final LongAdder unconfirmedInFlight = new LongAdder();
    /** Counted by the receiving thread only. */
    final LongAdder duplicatesDropped = new LongAdder();
    final LongAdder connectionsUp = new LongAdder();
    final LongAdder connectionsDown = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Counted by the receiving thread only, as the sessions it rejects are rare. */
    final LongAdder oversizedMessages = new LongAdder();
    final LongAdder rejectedChunks = new LongAdder();
    /** Counted by sending threads: waits for a peer's large-message stream to open that ran out. */
    final LongAdder largeStreamTimeouts = new LongAdder();
    final LongAdder rejectedSessions = new LongAdder();
    final LongAdder refusedHandshakes = new LongAdder();
    final LongAdder readPauses = new LongAdder();
    final LongAdder staleSessionNotices = new LongAdder();
    final LongAdder staleSessionsDropped = new LongAdder();
    final LongAdder staleNoticesIgnored = new LongAdder();
    /** Counted by the receiving thread only: sealed messages that did not open, by why. */
    final LongAdder rejectedBadTag = new LongAdder();
    final LongAdder rejectedReplay = new LongAdder();
    /** The same, by peer, over every connection with it. */
    final PeerRefusals refusalsByPeer = new PeerRefusals();
    /** The figures per connected peer, from the connections once they exist; none before. */
    private volatile PeerStatistics peers;

    /**
     * A tally for one more sending thread. What a thread sent still counts after it ends: its counts are folded
     * into the totals then.
     */
    Tally newSenderTally() {
        return tallies.newTally(Thread.currentThread());
    }

    /** @return frames offered to Aeron and accepted, on both streams (a staged data frame counts when staged) */
    public long framesOut() {
        return tallies.sum(Tally.OUT, Tally.OUT + Tally.TYPES);
    }

    /** @return bytes of the frames counted by {@link #framesOut()} */
    public long bytesOut() {
        return tallies.sum(Tally.BYTES_OUT);
    }

    /** @return whole frames received, valid or not */
    public long framesIn() {
        return tallies.sum(Tally.FRAMES_IN);
    }

    /** @return bytes of the frames counted by {@link #framesIn()} */
    public long bytesIn() {
        return tallies.sum(Tally.BYTES_IN);
    }

    /** @return frames of {@code type} offered to Aeron and accepted */
    public long framesOut(FrameType type) {
        return tallies.out(type);
    }

    /** @return frames of {@code type} received from peers that completed their handshake */
    public long framesIn(FrameType type) {
        return tallies.in(type);
    }

    /**
     * @return the node's traffic by kind, from the frames sent and received: messages (by pid, by name, important),
     *         calls and spawn requests
     */
    @Override
    public TrafficStats traffic() {
        return new TrafficStats(
            tallies.in(FrameType.SEND_TO_PID) + tallies.in(FrameType.SEND_TO_NAME)
                + tallies.in(FrameType.SEND_IMPORTANT),
            tallies.out(FrameType.SEND_TO_PID) + tallies.out(FrameType.SEND_TO_NAME)
                + tallies.out(FrameType.SEND_IMPORTANT),
            tallies.in(FrameType.CALL_REQUEST), tallies.out(FrameType.CALL_REQUEST),
            tallies.in(FrameType.SPAWN_REQUEST), tallies.out(FrameType.SPAWN_REQUEST));
    }

    /**
     * @return Aeron messages that carried two or more data frames as one batch (see {@code BatchingPublication}):
     *         how often senders outran the media driver
     */
    public long batchesOut() {
        long sum = batchesOfClosed.sum();
        for (BatchingPublication publication : batching) {
            sum += publication.batchesSent();
        }
        return sum;
    }

    void trackBatches(BatchingPublication publication) {
        batching.add(publication);
    }

    /** Once the publication is closed: its count stays, the publication goes. */
    void retireBatches(BatchingPublication publication) {
        if (batching.remove(publication)) {
            batchesOfClosed.add(publication.batchesSent());
        }
    }

    /** @return frames dropped because they were malformed, truncated, oversized, or carried an unreadable payload */
    public long malformedFrames() {
        return malformedFrames.sum();
    }

    /** @return frames dropped because their sender had not completed the handshake */
    public long unauthenticatedFrames() {
        return unauthenticatedFrames.sum();
    }

    /** @return handshakes that failed on this side: a wrong cookie, a refusal by the peer, or a timeout */
    public long failedHandshakes() {
        return failedHandshakes.sum();
    }

    /** @return sends that met Aeron back-pressure at least once (most then went through after retrying) */
    public long backPressureEvents() {
        return backPressureEvents.sum();
    }

    /** @return sends that stayed back-pressured past the timeout and failed with {@code BACK_PRESSURED} */
    public long backPressureFailures() {
        return backPressureFailures.sum();
    }

    /** @return sends refused with {@code BACK_PRESSURED} because the queue of a connecting peer was full */
    public long pendingFull() {
        return pendingFull.sum();
    }

    /** @return frames dropped because their node could not be reached (plain sends, as in Erlang) */
    public long droppedUnreachable() {
        return droppedUnreachable.sum();
    }

    /**
     * @return messages that had left when their connection went down and never arrived: counted once the peer,
     *         met again as the same incarnation, said how many it read ({@link PriorConnections})
     */
    public long lostInFlight() {
        return lostInFlight.sum();
    }

    /**
     * @return messages that had left when their connection went down and whose fate is unknown: the peer restarted
     *         or never said how many it read (delivered to the old incarnation, or lost)
     */
    public long unconfirmedInFlight() {
        return unconfirmedInFlight.sum();
    }

    /**
     * @return important sends not delivered because they repeated one already delivered: the same delivery id from
     *         the same sender to the same process (a retry after {@code NOT_CONFIRMED}); each was confirmed as
     *         delivered, as the first was
     */
    public long duplicatesDropped() {
        return duplicatesDropped.sum();
    }

    /** @return connections that completed their handshake */
    public long connectionsUp() {
        return connectionsUp.sum();
    }

    /** @return connections that ended: goodbye, missed heartbeats, failed handshakes */
    public long connectionsDown() {
        return connectionsDown.sum();
    }

    /** @return unexpected errors on the transport's threads (each also went to the error handler) */
    public long errors() {
        return errors.sum();
    }

    /**
     * @return messages dropped while being assembled from fragments because they grew past the largest frame a peer
     *         may send (also counted as malformed frames)
     */
    public long oversizedMessages() {
        return oversizedMessages.sum();
    }

    /**
     * @return chunks of long frames dropped on arrival ({@code ChunkAssembler}): out of order, for no frame being
     *         joined, past their frame's length or the largest frame, inside a batch; with them, the chunks of the
     *         frame they broke
     */
    public long rejectedChunks() {
        return rejectedChunks.sum();
    }

    /**
     * @return sends that waited for a peer's large-message stream to open, in vain, and took the other streams (the
     *         large frames after one do not wait until the stream opens)
     */
    public long largeStreamTimeouts() {
        return largeStreamTimeouts.sum();
    }

    /** @return sessions whose images were rejected because they completed no handshake in time */
    public long rejectedSessions() {
        return rejectedSessions.sum();
    }

    /** @return Hellos left unanswered because too many handshakes were pending, in all or from their address */
    public long refusedHandshakes() {
        return refusedHandshakes.sum();
    }

    /** @return times the reading of a peer's data stopped because a process here reached its mailbox limit */
    public long readPauses() {
        return readPauses.sum();
    }

    /**
     * @return sessions this node told that it has no connection for them (a peer still sending into a connection
     *         from before this node restarted)
     */
    public long staleSessionNotices() {
        return staleSessionNotices.sum();
    }

    /** @return connections ended because their peer said it restarted and no longer knows them (then reconnected) */
    public long staleSessionsDropped() {
        return staleSessionsDropped.sum();
    }

    /**
     * @return such notices about a live connection that were not acted on: from another address, for another
     *         session, from the same incarnation, or with a proof that does not check
     */
    public long staleNoticesIgnored() {
        return staleNoticesIgnored.sum();
    }

    /**
     * @return sealed messages dropped because they did not prove authentic: a tag that does not match (forged,
     *         altered, sealed with other keys, or a clear frame injected into a sealed session), an unknown key
     *         epoch, or too short to be sealed
     */
    public long rejectedBadTag() {
        return rejectedBadTag.sum();
    }

    /** @return sealed messages dropped because they repeated one already opened, or fell behind the replay window */
    public long rejectedReplay() {
        return rejectedReplay.sum();
    }

    /** Receiving thread: a sealed message was refused with {@code code} ({@link Rejection#code()}). */
    void sealRejected(int code) {
        if (Rejection.of(code).isReplay()) {
            rejectedReplay.increment();
        } else {
            rejectedBadTag.increment();
        }
    }

    /** @return every counter by name, in a stable order */
    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("framesOut", framesOut());
        values.put("bytesOut", bytesOut());
        values.put("framesIn", framesIn());
        values.put("bytesIn", bytesIn());
        values.put("batchesOut", batchesOut());
        values.put("malformedFrames", malformedFrames());
        values.put("unauthenticatedFrames", unauthenticatedFrames());
        values.put("failedHandshakes", failedHandshakes());
        values.put("backPressureEvents", backPressureEvents());
        values.put("backPressureFailures", backPressureFailures());
        values.put("pendingFull", pendingFull());
        values.put("droppedUnreachable", droppedUnreachable());
        values.put("duplicatesDropped", duplicatesDropped());
        values.put("connectionsUp", connectionsUp());
        values.put("connectionsDown", connectionsDown());
        values.put("errors", errors());
        values.put("oversizedMessages", oversizedMessages());
        values.put("rejectedSessions", rejectedSessions());
        values.put("refusedHandshakes", refusedHandshakes());
        values.put("readPauses", readPauses());
        values.put("staleSessionNotices", staleSessionNotices());
        values.put("staleSessionsDropped", staleSessionsDropped());
        values.put("staleNoticesIgnored", staleNoticesIgnored());
        values.put("lostInFlight", lostInFlight());
        values.put("unconfirmedInFlight", unconfirmedInFlight());
        values.put("rejectedBadTag", rejectedBadTag());
        values.put("rejectedReplay", rejectedReplay());
        values.put("rejectedChunks", rejectedChunks());
        values.put("largeStreamTimeouts", largeStreamTimeouts());
        return values;
    }

    /** From now on, {@link #peers()} asks {@code peers}: the transport's connections, once they exist. */
    void peersFrom(PeerStatistics peers) {
        this.peers = peers;
    }

    /** @return the figures of each connected peer ({@link PeerStatistics}), sorted by node name */
    @Override
    public List<PeerStats> peers() {
        PeerStatistics now = peers;
        return now == null ? List.of() : now.peers();
    }

    /** @return how each connected peer's connection is protected and what it refused, sorted by node name */
    @Override
    public List<PeerSecurity> peerSecurity() {
        PeerStatistics now = peers;
        return now == null ? List.of() : now.security();
    }

    /** @return {@link #snapshot()}: what the statistics service gives administration tools */
    @Override
    public Map<String, Long> counters() {
        return snapshot();
    }

    @Override
    public String toString() {
        return "TransportCounters" + snapshot();
    }
}
