package io.spore.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.spore.api.NodeName;
import io.spore.transport.security.Cookie;
import io.spore.transport.security.Handshake;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * Tells a sender at once that this node has no connection for its Aeron session, so that a peer still writing into
 * a connection from before this node restarted drops it and connects again within a few hundred milliseconds,
 * instead of writing into the void (and having its sends look fine) until its detection timeout.
 *
 * <p>How: the session's images are rejected ({@link Image#reject}) with a StaleSession notice as the reason, which
 * Aeron sends back to the session's sending socket in an error frame (this node knows where the session's packets
 * come from, not the port its sender listens on, so it cannot open a publication back); the sender's transport acts
 * on it ({@link StaleConnections}). A rejected image takes no more data, so the session's frames stop costing this
 * node anything beyond what its image already holds.
 *
 * <p>Which sessions: only one that this node has no connection and no handshake for, and only for a frame that is
 * not the handshake's own (a Hello or Challenge starts or continues a handshake instead).
 *
 * <p>Rate limits, so that strangers cannot make this node spend itself answering: at most one answer per session
 * per {@value #PER_SESSION_INTERVAL_MS} ms, and at most {@value #BURST} answers at once, refilled at
 * {@value #PER_SECOND} a second in all. Each answer costs an HMAC and a round trip to the media driver per stream.
 * Answers go only to the source address of the session's own packets, as Aeron's error frames do, never to an
 * address a frame names. An answer proves it comes from a holder of the cookie ({@link Handshake#staleSessionNotice}),
 * but it is not a secret: see {@link StaleConnections} for what the receiver of one checks, and what is left for
 * sealed frames.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class UnknownSessions {
    /** Shortest time between two answers to one session. */
    static final long PER_SESSION_INTERVAL_MS = 100;
    /** Answers that may go at once, for a node restarted among many peers. */
    static final int BURST = 32;
    /** Answers a second in all, once the burst is spent. */
    static final int PER_SECOND = 16;

    private static final System.Logger LOG = System.getLogger(UnknownSessions.class.getName());
    private static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(PER_SESSION_INTERVAL_MS);
    private static final long REFILL_NS = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
    /** Sessions remembered at most; past this, those answered longer ago than the interval are forgotten. */
    private static final int REMEMBERED = 1024;

    private final Subscription control;
    private final Subscription data;
    private final Cookie cookie;
    private final NodeName self;
    private final int creation;
    private final TransportCounters counters;
    /** Session id to when it was last answered. */
    private final Long2LongHashMap answeredNs = new Long2LongHashMap(Long.MIN_VALUE);
    private int tokens = BURST;
    private long refilledNs;

    UnknownSessions(TransportWiring wiring, NodeName self) {
        this.control = wiring.endpoint().control();
        this.data = wiring.endpoint().data();
        this.cookie = wiring.cookie();
        this.self = self;
        this.creation = wiring.creation();
        this.counters = wiring.counters();
        this.refilledNs = System.nanoTime();
    }

    /**
     * A frame arrived on {@code sessionId}, which this node has no connection or handshake for: answer it, unless a
     * rate limit says not now.
     *
     * @return whether an answer went
     */
    boolean answer(int sessionId, long nowNs) {
        long lastNs = answeredNs.get(sessionId);
        if (lastNs != Long.MIN_VALUE && nowNs - lastNs < INTERVAL_NS) {
            return false;
        }
        if (!take(nowNs)) {
            return false;
        }
        if (answeredNs.size() >= REMEMBERED) {
            Long2LongHashMap.EntryIterator entries = answeredNs.entrySet().iterator();
            while (entries.hasNext()) {
                entries.next();
                if (nowNs - entries.getLongValue() >= INTERVAL_NS) {
                    entries.remove();
                }
            }
        }
        answeredNs.put(sessionId, nowNs);
        String notice = Handshake.staleSessionNotice(cookie, self, creation, sessionId);
        boolean sent = reject(control.imageBySessionId(sessionId), notice)
            | reject(data.imageBySessionId(sessionId), notice);
        if (sent) {
            counters.staleSessionNotices.increment();
            LOG.log(System.Logger.Level.DEBUG, () -> self + " has no connection for session " + sessionId
                + " and tells its sender so (creation " + creation + ")");
        }
        return sent;
    }

    private boolean take(long nowNs) {
        long refills = (nowNs - refilledNs) / REFILL_NS;
        if (refills > 0) {
            tokens = (int) Math.min(BURST, tokens + refills);
            refilledNs += refills * REFILL_NS;
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    private static boolean reject(Image image, String notice) {
        if (image == null || image.isClosed()) {
            return false;
        }
        try {
            image.reject(notice);
            return true;
        } catch (RuntimeException gone) {
            return false; // it went away meanwhile
        }
    }
}
