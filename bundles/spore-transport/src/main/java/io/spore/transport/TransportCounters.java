package io.spore.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the transport has done and refused, for monitoring (and later JMX): frames and bytes in and out, and every
 * kind of frame or send that did not go through.
 *
 * <p>Threading: counters only grow, and any thread reads them. The per-frame counts are single-writer: frames in are
 * counted by the receive agent alone, frames out by each sending thread in its own {@link OutboundTally}, summed
 * here on reading; nothing on the per-frame path does an atomic read-modify-write. The rare events are
 * {@link LongAdder}s that any thread may count.
 */
public final class TransportCounters {
    /** Frames the agent itself sends: heartbeats, handshakes, queued frames it flushes, answers it gives. */
    final OutboundTally agentOutbound = new OutboundTally();
    /** Counted by the receive agent only. */
    final SingleWriterCounter framesIn = new SingleWriterCounter();
    final SingleWriterCounter bytesIn = new SingleWriterCounter();
    private final Queue<OutboundTally> senders = new ConcurrentLinkedQueue<>();
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
    final LongAdder connectionsUp = new LongAdder();
    final LongAdder connectionsDown = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Counted by the receiving thread only, as the sessions it rejects are rare. */
    final LongAdder oversizedMessages = new LongAdder();
    final LongAdder rejectedSessions = new LongAdder();
    final LongAdder refusedHandshakes = new LongAdder();
    final LongAdder readPauses = new LongAdder();

    /**
     * A tally for one more sending thread. Kept for the life of the transport, so that what a thread sent still
     * counts after it ends; a node has a bounded set of sending threads (its workers and the few that call it).
     */
    OutboundTally newSenderTally() {
        OutboundTally tally = new OutboundTally();
        senders.add(tally);
        return tally;
    }

    /** @return frames offered to Aeron and accepted, on both streams */
    public long framesOut() {
        long sum = agentOutbound.frames.get();
        for (OutboundTally tally : senders) {
            sum += tally.frames.get();
        }
        return sum;
    }

    /** @return bytes of the frames counted by {@link #framesOut()} */
    public long bytesOut() {
        long sum = agentOutbound.bytes.get();
        for (OutboundTally tally : senders) {
            sum += tally.bytes.get();
        }
        return sum;
    }

    /** @return whole frames received, valid or not */
    public long framesIn() {
        return framesIn.get();
    }

    /** @return bytes of the frames counted by {@link #framesIn()} */
    public long bytesIn() {
        return bytesIn.get();
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
        values.put("connectionsUp", connectionsUp());
        values.put("connectionsDown", connectionsDown());
        values.put("errors", errors());
        values.put("oversizedMessages", oversizedMessages());
        values.put("rejectedSessions", rejectedSessions());
        values.put("refusedHandshakes", refusedHandshakes());
        values.put("readPauses", readPauses());
        return values;
    }

    @Override
    public String toString() {
        return "TransportCounters" + snapshot();
    }
}
