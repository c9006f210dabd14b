package io.spore.transport;

import io.aeron.Image;
import io.aeron.Subscription;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The images of sessions that have not completed a handshake, each with a deadline: a session still unknown when
 * its deadline passes is rejected ({@link Image#reject}), so the driver stops taking its data and frees what it holds,
 * and the receiving side lets go of its assembly buffers. A stranger therefore holds an image, and at most one
 * largest frame in assembly per stream, for one connect timeout at most; the driver's session limit bounds how many
 * it can hold at once.
 *
 * <p>Threading: the thread doing the receiving work only; the image news from Aeron's conductor arrives through the
 * agent's command queue.
 */
final class StrangerImages {
    /** How often the deadlines are looked at: they are seconds long, so a tenth of a second late is nothing. */
    static final long CHECK_INTERVAL_NS = 100_000_000L;

    private final Subscription[] streams;
    private final long deadlineNs;
    private final IntPredicate authenticated;
    private final Runnable rejected;
    /** Session id to deadline; changed only as images come and go, so boxing does not matter. */
    private final HashMap<Integer, Long> deadlines = new HashMap<>();
    private long nextCheckNs;

    /**
     * @param streams       the subscriptions: control, data, large messages
     * @param deadlineNs    how long a session may take to complete its handshake
     * @param authenticated whether a session has completed its handshake
     * @param rejected      told of each session rejected
     */
    StrangerImages(Subscription[] streams, long deadlineNs, IntPredicate authenticated, Runnable rejected) {
        this.streams = streams.clone();
        this.deadlineNs = deadlineNs;
        this.authenticated = authenticated;
        this.rejected = rejected;
    }

    /** An image of {@code sessionId} joined a stream: its clock starts, unless it is known already. */
    void available(int sessionId, long nowNs) {
        if (!authenticated.test(sessionId)) {
            deadlines.putIfAbsent(sessionId, nowNs + deadlineNs);
        }
    }

    /** The session's images went away. */
    void unavailable(int sessionId) {
        for (Subscription stream : streams) {
            if (stream.imageBySessionId(sessionId) != null) {
                return;
            }
        }
        deadlines.remove(sessionId);
    }

    /** The session was rejected with an answer of its own ({@link UnknownSessions}): it is not waited for. */
    void answered(int sessionId) {
        deadlines.remove(sessionId);
    }

    /** @return the sessions rejected now, their deadline past and still no handshake */
    int rejectOverdue(long nowNs) {
        if (deadlines.isEmpty() || nowNs - nextCheckNs < 0) {
            return 0;
        }
        nextCheckNs = nowNs + CHECK_INTERVAL_NS;
        int count = 0;
        Iterator<Map.Entry<Integer, Long>> sessions = deadlines.entrySet().iterator();
        while (sessions.hasNext()) {
            Map.Entry<Integer, Long> entry = sessions.next();
            int sessionId = entry.getKey();
            if (authenticated.test(sessionId)) {
                sessions.remove();
            } else if (nowNs - entry.getValue() > 0) {
                sessions.remove();
                for (Subscription stream : streams) {
                    reject(stream.imageBySessionId(sessionId));
                }
                rejected.run();
                count++;
            }
        }
        return count;
    }

    private static void reject(Image image) {
        if (image != null && !image.isClosed()) {
            try {
                image.reject("no Spore handshake completed in time");
            } catch (RuntimeException e) {
                // it went away meanwhile
            }
        }
    }

    /** @return sessions waiting for their handshake */
    int waiting() {
        return deadlines.size();
    }
}
