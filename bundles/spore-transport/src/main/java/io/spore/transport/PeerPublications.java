package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.status.ChannelEndpointStatus;
import io.spore.wire.FrameType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The publications that carry this node's frames to one peer: control and data, on the peer's UDP endpoint, and the
 * large-message stream, opened when first needed ({@link LargeStream}, routed by {@link LargeLane}).
 *
 * <p>Why exclusive publications with one session id: the peer tells its senders apart by Aeron session id, and it
 * must map both streams' images of this node to the same connection. The control publication gets a fresh session
 * id from the driver; the data publication is opened with that same id ({@code session-id} in its channel), which
 * Aeron allows since the streams differ. A concurrent (shared) publication could not be used: two nodes sharing an
 * external driver would then share one publication, and one session, to the same peer.
 *
 * <p>Both publications pack small frames into batches while the driver is busy ({@link BatchingPublication}), the
 * control one only to a peer that said it reads batches there ({@link PeerReads}): a burst of calls, replies or spawn
 * requests then shares datagrams and seals, as a burst of messages does. A lone frame still goes at once. Handshake
 * frames, goodbyes and chunks are never batched. On both, a frame longer than one Aeron message (an eighth of the
 * small term) goes in chunks ({@link FrameChunker}).
 *
 * <p>Threading: an exclusive publication takes one writer at a time, so each is offered under its own lock (a
 * {@link GuardedPublication}, a {@link BatchingPublication}); the lock is held for one {@code offer}, never while a
 * sender waits out back-pressure. Opening blocks on the driver and is done on the connector thread, never on the
 * receive agent.
 */
final class PeerPublications {
    static final int CONTROL = 0;
    static final int DATA = 1;
    /** The stream of frames above the large-message threshold, opened when first needed. */
    static final int LARGE = 2;
    /** How many streams a peer has. */
    static final int STREAMS = 3;

    private final ExclusivePublication control;
    private final ExclusivePublication data;
    private final BatchingPublication batchingControl;
    private final BatchingPublication batchingData;
    private final LargeStream large;
    /** Which stream each frame takes, now that large ones have their own. */
    final LargeLane lane;
    private final String endpoint;

    private PeerPublications(ExclusivePublication control, ExclusivePublication data, Aeron aeron,
                             TransportContext context, TransportCounters counters, StagedFlushes flushes,
                             String endpoint, Executor offAgent) {
        this.control = control;
        this.data = data;
        boolean sealed = context.wireSecurity() != WireSecurity.NONE;
        this.batchingControl = new BatchingPublication(control, aeron.countersReader(), flushes, sealed);
        this.batchingData = new BatchingPublication(data, aeron.countersReader(), flushes, sealed);
        this.large = new LargeStream(aeron, context, endpoint, control.sessionId(), flushes, offAgent);
        this.lane = new LargeLane(this, large, context, counters);
        this.endpoint = endpoint;
    }

    /**
     * Opens both publications to {@code address:port}; blocks until the driver has made them (not until the peer
     * is connected).
     *
     * @param counters where the large stream's lane counts what it could not do
     * @param flushes  how the data publication asks the receive agent to send frames a sender left staged
     * @param offAgent runs what waits for the driver later (the large stream's opening and closing)
     * @throws io.aeron.exceptions.AeronException when the driver refuses a channel
     */
    static PeerPublications open(Aeron aeron, TransportContext context, TransportCounters counters, String address,
                                 int port, StagedFlushes flushes, Executor offAgent) {
        ExclusivePublication control = aeron.addExclusivePublication(
            Channels.outbound(address, port, context), context.controlStreamId());
        try {
            ExclusivePublication data = aeron.addExclusivePublication(
                Channels.outbound(address, port, context, control.sessionId()), context.dataStreamId());
            return new PeerPublications(control, data, aeron, context, counters, flushes,
                Channels.endpoint(address, port), offAgent);
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /** @return the Aeron session id of both publications, by which the peer knows this node's frames */
    int sessionId() {
        return control.sessionId();
    }

    /**
     * @param stream {@link #CONTROL} or {@link #DATA}
     * @return that stream's publication: for tests that must know where the log stands (an attacker's injection)
     */
    ExclusivePublication publication(int stream) {
        return stream == CONTROL ? control : data;
    }

    /** @return {@code address:port} of the peer's endpoint */
    String endpoint() {
        return endpoint;
    }

    /**
     * Offers one frame, once.
     *
     * @param stream {@link #CONTROL}, {@link #DATA} or {@link #LARGE} (open: see {@link LargeStream#ready})
     * @return the new position, or one of Aeron's negative results ({@code BACK_PRESSURED}, {@code NOT_CONNECTED},
     *         {@code ADMIN_ACTION}, {@code CLOSED}, {@code MAX_POSITION_EXCEEDED})
     */
    long offer(int stream, DirectBuffer buffer, int offset, int length) {
        if (stream == CONTROL) {
            return travelsAlone(buffer, offset) ? batchingControl.offerLast(buffer, offset, length)
                : batchingControl.offer(buffer, offset, length);
        }
        return stream == DATA ? batchingData.offer(buffer, offset, length) : large.offer(buffer, offset, length);
    }

    /**
     * Offers one of the agent's own frames (heartbeats, acknowledgements, handshake steps), once: on the control
     * stream never staged, but into the log at once behind what is staged. Why: the agent's frames often follow one
     * another while the driver dozes, and a frame staged because the driver had not yet sent the one before cost a
     * driver wake and a datagram of its own, with the agent yielding until it went; in the log, the driver sends them
     * together when it wakes. Idle nodes with four peers each (`many-nodes.sh 5`) used 1.6–1.9% of a core with
     * staging, 1.4% without.
     *
     * @return as {@link #offer}
     */
    long offerFromAgent(int stream, DirectBuffer buffer, int length) {
        return stream == CONTROL ? batchingControl.offerLast(buffer, 0, length) : offer(stream, buffer, 0, length);
    }

    /**
     * Offers a frame alone, behind what is staged, never in a batch with what follows: for a barrier on the data
     * stream, which the peer acts on before it reads the next frame.
     *
     * @param stream {@link #CONTROL} or {@link #DATA}
     * @return as {@link #offer}
     */
    long offerAlone(int stream, DirectBuffer buffer, int length) {
        return (stream == CONTROL ? batchingControl : batchingData).offerLast(buffer, 0, length);
    }

    /**
     * Whether a control frame must not be batched: a handshake frame or a goodbye (a peer takes those only alone, and
     * a goodbye is sent as the connection ends), or a frame that is itself a batch or a chunk.
     */
    private static boolean travelsAlone(DirectBuffer buffer, int offset) {
        FrameType type = FrameType.of(MessageFrames.templateId(buffer, offset));
        return type == null || type.beforeWelcome() || type == FrameType.BATCH || type == FrameType.PACKED_BATCH
            || type == FrameType.CHUNK;
    }

    /** @return the peer's large-message stream */
    LargeStream large() {
        return large;
    }

    /**
     * Offers the last frame of the data stream (a goodbye) behind everything staged on it and on the control stream,
     * alone, waiting out back-pressure for at most {@code retryNs}.
     *
     * @return the position after it, for {@link #awaitSent}, or one of Aeron's negative results
     */
    long offerLastData(DirectBuffer buffer, int length, long retryNs) {
        long deadlineNs = System.nanoTime() + retryNs;
        batchingControl.flushedPosition(); // control frames a burst left staged go before the goodbye, if they can
        long position;
        do {
            position = batchingData.offerLast(buffer, 0, length);
        } while ((position == Publication.BACK_PRESSURED || position == Publication.ADMIN_ACTION)
            && System.nanoTime() - deadlineNs < 0 && pause());
        return position;
    }

    private static boolean pause() {
        LockSupport.parkNanos(100_000);
        return true;
    }

    /**
     * @return the data stream's position after every data frame offered so far (staged ones are sent first), or
     *         Aeron's negative result when they could not be
     */
    long dataPosition() {
        return batchingData.flushedPosition();
    }

    /**
     * @return both publications' limits summed: it grows whenever the peer lets this node send more on either stream,
     *         so a sender waiting out back-pressure can tell a peer that reads slowly from one that reads nothing
     */
    long sendLimits() {
        return control.positionLimit() + data.positionLimit() + large.positionLimit();
    }

    /**
     * @return the count of messages accepted on the data and large streams ({@link MessageFrames}); read from any
     *         thread
     */
    long messagesWritten() {
        return batchingData.messagesWritten().getOpaque() + large.messagesWritten();
    }

    /** @return the frames the publications accepted so far (read from any thread) */
    long framesWritten() {
        return batchingControl.sent().frames() + batchingData.sent().frames() + large.framesWritten();
    }

    /** @return the bytes of those frames (read from any thread) */
    long bytesWritten() {
        return batchingControl.sent().bytes() + batchingData.sent().bytes() + large.bytesWritten();
    }

    /**
     * Agent: every frame offered from now on, on both streams, is sealed by {@code seal}. Called once this node's
     * last clear frame of the handshake has left.
     */
    void seal(ConnectionSeal seal) {
        batchingControl.sealWith(seal.controlOut);
        batchingData.sealWith(seal.dataOut);
        large.sealWith(seal.largeOut);
    }

    /**
     * Agent, once the handshake has said (and after {@link #seal}, so that no handshake frame is ever staged): which
     * batches frames may be packed into on each stream for this peer, and whether large frames may take the
     * large-message stream (else each takes its own stream, in chunks).
     */
    void peerReads(PeerReads reads) {
        batchingControl.batchTo(reads.controlBatches());
        batchingData.batchTo(reads.dataBatches());
        lane.peerReads(reads.largeStream());
    }

    /**
     * Agent: sends the frames a burst left staged, if due, and what back-pressure left of a long frame, on every
     * stream. @return how many of the three sent something
     */
    int flushStaged(long nowNs) {
        return batchingControl.flushIfDue(nowNs) + batchingData.flushIfDue(nowNs) + large.flushRest();
    }

    /** @return whether frames wait staged, or part of a long frame (racy: for the agent's idle decision) */
    boolean hasStaged() {
        return batchingData.hasStaged() || batchingControl.hasStaged() || large.hasRest();
    }

    /**
     * @return whether what waits is overdue or makes no progress: the peer back-pressures (see
     *         {@link BatchingPublication}), so the agent may back off between attempts
     */
    boolean stagedLongerThanDue(long nowNs) {
        return (!batchingData.hasStaged() || batchingData.stagedLongerThanDue(nowNs))
            && (!batchingControl.hasStaged() || batchingControl.stagedLongerThanDue(nowNs))
            && (!large.hasRest() || large.restStalled());
    }

    /** @return whether the peer's driver has an image of the control publication (it can hear this node) */
    boolean isConnected() {
        return control.isConnected();
    }

    /**
     * Waits, up to {@code timeoutNs}, until the driver has sent every frame of the data stream up to
     * {@code position}: used on shutdown so that a goodbye (the last frame on that stream) leaves before an
     * embedded driver stops.
     */
    void awaitSent(Aeron aeron, long position, long timeoutNs) {
        long deadlineNs = System.nanoTime() + timeoutNs;
        int counterId = CountersReader.NULL_COUNTER_ID;
        try {
            CountersReader counters = aeron.countersReader();
            while (System.nanoTime() - deadlineNs < 0 && !aeron.isClosed()) {
                if (counterId == CountersReader.NULL_COUNTER_ID) {
                    counterId = counters.findByTypeIdAndRegistrationId(
                        AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID, data.registrationId());
                }
                if (counterId != CountersReader.NULL_COUNTER_ID && counters.getCounterValue(counterId) >= position) {
                    return;
                }
                if (data.isClosed() || data.channelStatus() == ChannelEndpointStatus.ERRORED) {
                    return;
                }
                LockSupport.parkNanos(100_000);
            }
        } catch (RuntimeException clientGone) {
            // The client closed (its driver died): nothing will be sent any more, so there is nothing to wait for.
        }
    }

    /** Closes both; offers racing with it get {@link Publication#CLOSED}. Idempotent. */
    void close() {
        large.close();
        batchingData.close();
        batchingControl.close();
    }

    @Override
    public String toString() {
        return "PeerPublications[" + endpoint + ", session " + sessionId() + "]";
    }
}
