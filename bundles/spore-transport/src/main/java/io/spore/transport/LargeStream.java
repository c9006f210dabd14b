package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publication of one peer's large-message stream: opened when a frame first needs it, on the connector's thread
 * (opening waits for the media driver, and the receive agent never waits), and closed again after it has carried
 * nothing for a while, so an idle peer costs no log for it. Each frame goes alone, in chunks past one Aeron message
 * ({@link GuardedPublication}); what back-pressure left of one the agent sends ({@link #flushRest}).
 *
 * <p>Why positions run on across publications: barriers on the data stream name positions of this stream
 * ({@link LargeLane}), so a publication opened again starts where the last one ended (Aeron's initial position),
 * and a position never means two places. The sealing stream runs on likewise, with its sequence numbers.
 *
 * <p>Threading: {@link #offer} and {@link #ready} from any sending thread; {@link #flushRest} and
 * {@link #closeIfIdle} on the agent; opening and closing are guarded by this object's monitor.
 */
final class LargeStream {
    /**
     * Fragments the receive agent takes from the large-message stream per duty cycle: a little under one chunk's (an
     * Aeron message of an eighth of the default 256 KiB term, in datagrams of 1,408 bytes), so a cycle opens at most
     * one chunk and then polls the control and data streams again.
     */
    static final int FRAGMENTS_PER_CYCLE = 16;
    private final Aeron aeron;
    private final TransportContext context;
    private final String endpoint;
    private final int sessionId;
    private final StagedFlushes flushes;
    private final Executor offAgent;
    /** What this stream accepted, over its publications: messages ({@link MessageFrames}), frames and bytes. */
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile GuardedPublication publication;
    /** When a frame last went, or the publication opened. */
    private volatile long lastUseNs;
    // Guarded by this.
    private boolean opening;
    private boolean closed;
    private SealedStream seal;
    private long endPosition;
    private int initialTermId;
    private boolean reopens;
    /** The driver's counter of how far it sent the current publication, once found. */
    private int senderPositionId = CountersReader.NULL_COUNTER_ID;
    /** The publication closed last, while the driver may still hold it; else {@link Aeron#NULL_VALUE}. */
    private long retiredRegistrationId = Aeron.NULL_VALUE;

    /**
     * @param endpoint  the peer's {@code address:port}
     * @param sessionId the session of the peer's other streams, which this one shares so the peer maps it to them
     * @param offAgent  runs the opening and closing, which wait for the driver (the connector's thread)
     */
    LargeStream(Aeron aeron, TransportContext context, String endpoint, int sessionId, StagedFlushes flushes,
                Executor offAgent) {
        this.aeron = aeron;
        this.context = context;
        this.endpoint = endpoint;
        this.sessionId = sessionId;
        this.flushes = flushes;
        this.offAgent = offAgent;
    }

    /**
     * Opens the publication if it is not (on the connector's thread, once per call) and waits, up to
     * {@code timeoutNs}, until the peer hears it.
     *
     * <p>Why an opening may wait for the driver: the publication closed last had the same session id, which the
     * driver refuses to another publication until it is done with that one ({@link #heldByDriver}).
     *
     * @return whether it is open and connected
     */
    boolean ready(long timeoutNs, IdleStrategy idle) {
        GuardedPublication current = publication;
        if (current != null && current.publication.isConnected()) {
            return true;
        }
        long deadlineNs = System.nanoTime() + timeoutNs;
        boolean asked = false;
        idle.reset();
        while (true) {
            if (!asked) {
                synchronized (this) {
                    if (closed) {
                        return false;
                    }
                    if (publication == null && !opening && !retiredInDriver()) {
                        opening = true;
                        offAgent.execute(this::open);
                    }
                    asked = publication != null || opening;
                }
            }
            current = publication;
            if (current != null && current.publication.isConnected()) {
                return true;
            }
            if (System.nanoTime() - deadlineNs >= 0) {
                return false;
            }
            idle.idle();
        }
    }

    /**
     * @return whether no publication is open and none can be yet: the driver still holds the one closed last, and so
     *         its session id. It lets go of it a timer interval or two after the close (1 s each by default: the driver
     *         ends a closed publication's drain and its linger on its timer).
     */
    synchronized boolean heldByDriver() {
        return publication == null && retiredInDriver();
    }

    /** Guarded by this: whether the driver still holds the publication closed last, and so its session id. */
    private boolean retiredInDriver() {
        if (retiredRegistrationId == Aeron.NULL_VALUE) {
            return false;
        }
        if (aeron.countersReader().findByTypeIdAndRegistrationId(AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID,
            retiredRegistrationId) != CountersReader.NULL_COUNTER_ID) {
            return true;
        }
        retiredRegistrationId = Aeron.NULL_VALUE;
        return false;
    }

    private void open() {
        String channel;
        synchronized (this) {
            channel = Channels.outbound(endpoint, context.largeTermBufferLength(), context, sessionId,
                reopens ? endPosition : Channels.FROM_START, initialTermId);
        }
        ExclusivePublication opened = null;
        try {
            opened = aeron.addExclusivePublication(channel, context.largeStreamId());
        } catch (RuntimeException e) {
            context.errorHandler().onError(e); // senders fall back or fail after their wait
        }
        synchronized (this) {
            opening = false;
            if (opened == null) {
                return;
            }
            if (closed) {
                CloseHelper.quietClose(opened);
                return;
            }
            GuardedPublication guarded = new GuardedPublication(opened, flushes);
            if (seal != null) {
                guarded.sealWith(seal);
            }
            senderPositionId = CountersReader.NULL_COUNTER_ID;
            lastUseNs = System.nanoTime();
            publication = guarded;
        }
    }

    /**
     * Offers one frame, once.
     *
     * @return as {@link GuardedPublication#offer}; {@link GuardedPublication#RETIRED} when the publication is not
     *         open, or was closed since this thread saw it open: the frame takes another stream
     */
    long offer(DirectBuffer buffer, int offset, int length) {
        GuardedPublication current = publication;
        if (current == null) {
            return GuardedPublication.RETIRED;
        }
        long result = current.offer(buffer, offset, length);
        if (result > 0) {
            lastUseNs = System.nanoTime();
            frames.incrementAndGet();
            bytes.addAndGet(length);
            if (MessageFrames.isMessage(buffer, offset)) {
                messages.incrementAndGet();
            }
        }
        return result;
    }

    /** @return the position after every frame offered so far, whole (0 before the first) */
    long position() {
        GuardedPublication current = publication;
        return current == null ? endPositionNow() : current.publication.position();
    }

    private synchronized long endPositionNow() {
        return endPosition;
    }

    /**
     * @return whether the driver has sent every frame offered so far (nothing waits in chunks either): the peer
     *         will soon have read it all
     */
    boolean drained() {
        GuardedPublication current = publication;
        if (current == null) {
            return true;
        }
        if (current.hasRest()) {
            return false;
        }
        long position = current.publication.position();
        int counterId = senderPositionId;
        CountersReader counters = aeron.countersReader();
        if (counterId == CountersReader.NULL_COUNTER_ID) {
            counterId = counters.findByTypeIdAndRegistrationId(AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID,
                current.publication.registrationId());
            senderPositionId = counterId;
        }
        return counterId != CountersReader.NULL_COUNTER_ID && counters.getCounterValue(counterId) >= position;
    }

    /** @return the publication's limit, which grows as the peer reads (0 when closed) */
    long positionLimit() {
        GuardedPublication current = publication;
        return current == null ? 0 : current.publication.positionLimit();
    }

    /** @return the messages accepted on this stream so far, over its publications (read from any thread) */
    long messagesWritten() {
        return messages.get();
    }

    /** @return the frames accepted so far, over its publications (read from any thread) */
    long framesWritten() {
        return frames.get();
    }

    /** @return the bytes of those frames */
    long bytesWritten() {
        return bytes.get();
    }

    /** @return whether the last attempt to send what waits of a long frame sent nothing (racy) */
    boolean restStalled() {
        GuardedPublication current = publication;
        return current != null && current.restStalled();
    }

    /** Every frame offered from now on, on this and later publications, is sealed by {@code stream}. */
    synchronized void sealWith(SealedStream stream) {
        seal = stream;
        if (publication != null) {
            publication.sealWith(stream);
        }
    }

    /** Agent: sends the next chunk of what back-pressure left of a long frame. @return 1 if one left, else 0 */
    int flushRest() {
        GuardedPublication current = publication;
        return current == null ? 0 : flushes.largeWork(current.flushRest());
    }

    /** @return whether part of a frame waits (racy: for the agent's idle decision) */
    boolean hasRest() {
        GuardedPublication current = publication;
        return current != null && current.hasRest();
    }

    /** @return whether the publication is open */
    boolean isOpen() {
        return publication != null;
    }

    /** @return whether nothing went for the idle time and everything has been sent */
    boolean idle(long nowNs) {
        return publication != null && nowNs - lastUseNs > context.largeStreamIdle().toNanos() && drained();
    }

    /**
     * Agent: closes the publication if it is still idle (its frames all sent); the next frame opens another that
     * goes on from its end. Closing waits for the driver, so it is done off the agent's thread.
     *
     * @return whether it was closed
     */
    synchronized boolean closeIfIdle(long nowNs) {
        GuardedPublication current = publication;
        if (current == null || !idle(nowNs)) {
            return false;
        }
        publication = null;
        retire(current);
        return true;
    }

    /** Guarded by this: notes where the stream ends, then closes the publication off the agent's thread. */
    private void retire(GuardedPublication current) {
        endPosition = current.publication.position();
        initialTermId = current.publication.initialTermId();
        retiredRegistrationId = current.publication.registrationId();
        reopens = true;
        current.retire(); // a sender that saw it open gets RETIRED; the sealing stream runs on with the next one
        offAgent.execute(current::close);
    }

    /** The connection is over: closes the publication and opens none again. Idempotent. */
    synchronized void close() {
        closed = true;
        GuardedPublication current = publication;
        publication = null;
        if (current != null) {
            current.retire(); // waits for an offer under way, which may be sealing
            current.close();
        }
        if (seal != null) {
            seal.destroy();
            seal = null;
        }
    }
}
