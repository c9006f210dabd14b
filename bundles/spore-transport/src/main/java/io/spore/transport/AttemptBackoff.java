package io.spore.transport;

import io.spore.api.NodeName;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * For a short while after a failed attempt to connect to a node, new sends to it fail at once instead of starting
 * another attempt (which would fail the same way, each one queueing what senders give it). The agent
 * {@linkplain #hold holds} a node when an attempt senders used fails, before the attempt is marked down, so that a
 * sender who finds the attempt down always finds the hold too.
 *
 * <p>Threading: {@link #holds} from any sender's thread; the rest on the receive agent's thread.
 */
final class AttemptBackoff {
    /** Names with a failed attempt remembered at most; past it the table starts afresh. */
    static final int MAX_NAMES = 4096;
    /** How often expired holds are forgotten. */
    static final long SWEEP_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final ConcurrentHashMap<NodeName, Long> untilNs = new ConcurrentHashMap<>();
    private final long backoffNs;
    private long nextSweepNs = System.nanoTime();

    /** @param backoffNs how long new sends fail at once after a failed attempt */
    AttemptBackoff(long backoffNs) {
        this.backoffNs = backoffNs;
    }

    /** Any thread: whether new sends to {@code node} fail at once now; an expired hold is forgotten. */
    boolean holds(NodeName node) {
        Long until = untilNs.get(node);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        untilNs.remove(node, until);
        return false;
    }

    /** Agent: an attempt to {@code node} that senders used failed at {@code nowNs}. */
    void hold(NodeName node, long nowNs) {
        untilNs.put(node, nowNs + backoffNs);
    }

    /** Agent: {@code node} is connected; sends to it go ahead. */
    void release(NodeName node) {
        untilNs.remove(node);
    }

    /**
     * Agent: forgets the holds that are over, once a second, so that the table stays as small as the attempts of the
     * last moment; past {@link #MAX_NAMES} (names a peer made this node try, say) it starts afresh.
     */
    void sweepIfDue(long nowNs) {
        if (nowNs - nextSweepNs <= 0) {
            return;
        }
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        untilNs.values().removeIf(until -> nowNs - until >= 0);
        if (untilNs.size() > MAX_NAMES) {
            untilNs.clear();
        }
    }
}
