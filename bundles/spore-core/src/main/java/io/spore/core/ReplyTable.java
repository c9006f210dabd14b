package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Ref;
import io.spore.api.SporeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers this node waits for, by the ref that went out with the question: the calls made from outside any process,
 * the acknowledgements of important sends, the answers to remote spawns. Each wait names the node asked, so a node
 * that goes down fails exactly its waits; each may have a deadline; the node's stop fails the rest.
 *
 * <p>Every wait completes exactly once, by whoever removes it from the table first: the answer, the deadline, the
 * node going down, the node stopping, or the waiter giving up.
 *
 * <p>Threading: any thread.
 *
 * @param <T> the value an answer carries
 */
final class ReplyTable<T> {
    private static final System.Logger LOG = System.getLogger(ReplyTable.class.getName());

    /** One wait: the node asked, who waits, what it is about (for messages), and its deadline once set. */
    static final class Waiting<T> {
        final NodeName target;
        final CompletableFuture<T> result;
        final Object subject;
        private volatile ScheduledFuture<?> deadline;

        Waiting(NodeName target, CompletableFuture<T> result, Object subject) {
            this.target = target;
            this.result = result;
            this.subject = subject;
        }

        void complete(T value, SporeException error) {
            ScheduledFuture<?> task = deadline;
            if (task != null) {
                task.cancel(false);
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }
    }

    private final ConcurrentHashMap<Ref, Waiting<T>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Function<Waiting<T>, SporeException> nodeDown;

    /** @param nodeDown says why a wait fails when its node goes down */
    ReplyTable(ScheduledExecutorService timer, Function<Waiting<T>, SporeException> nodeDown) {
        this.timer = timer;
        this.nodeDown = nodeDown;
    }

    /** Waits for the answer to {@code ref} from {@code target}; call before the question goes out. */
    void open(Ref ref, NodeName target, CompletableFuture<T> result, Object subject) {
        waiting.put(ref, new Waiting<>(target, result, subject));
    }

    /** @return whether someone waited for {@code ref}: it now has the answer */
    boolean complete(Ref ref, T value, SporeException error) {
        Waiting<T> found = waiting.remove(ref);
        if (found == null) {
            return false;
        }
        found.complete(value, error);
        return true;
    }

    /** What became of an answer that came from another node. */
    enum Answer {
        /** Someone waited for it: it has the answer now. */
        TAKEN,
        /** Nobody waits for it (any more): a late answer. */
        LATE,
        /** Someone waits, but for another node's answer: ignored, the wait goes on. */
        NOT_ASKED
    }

    /**
     * An answer to {@code ref} from {@code from}: taken only when {@code from} is the node the question went to,
     * so a third node that learnt or guessed a ref cannot answer in another node's place.
     */
    Answer complete(NodeName from, Ref ref, T value, SporeException error) {
        Waiting<T> found = waiting.get(ref);
        if (found == null) {
            return Answer.LATE;
        }
        if (!found.target.equals(from)) {
            // Debug only: a peer that sends these on purpose must not fill the log.
            LOG.log(System.Logger.Level.DEBUG, () -> "ignored an answer to " + ref + " from " + from
                + ": the question went to " + found.target);
            return Answer.NOT_ASKED;
        }
        if (!waiting.remove(ref, found)) {
            return Answer.LATE;
        }
        found.complete(value, error);
        return Answer.TAKEN;
    }

    /** The waiter gives up. @return whether it still waited, so nobody else completed it */
    boolean forget(Ref ref) {
        return waiting.remove(ref) != null;
    }

    /**
     * Fails the wait for {@code ref} with {@code why} unless it is answered within {@code timeoutMs}.
     *
     * @param why built only when the deadline wins
     */
    void expireAfter(Ref ref, long timeoutMs, Supplier<SporeException> why) {
        Waiting<T> found = waiting.get(ref);
        if (found == null || found.result.isDone()) {
            return;
        }
        found.deadline = timer.schedule(() -> {
            if (waiting.remove(ref, found)) {
                found.result.completeExceptionally(why.get());
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        if (found.result.isDone()) {
            found.deadline.cancel(false); // answered while the deadline was being scheduled
        }
    }

    /** {@code node} went down: every wait on it fails now. */
    void failNode(NodeName node) {
        fail(found -> node.equals(found.target), nodeDown);
    }

    /** The node stops: every wait still open fails with what {@code why} says. */
    void failAll(Function<Waiting<T>, SporeException> why) {
        fail(found -> true, why);
    }

    /** Fails each wait {@code which} selects, unless someone else removes it first. */
    private void fail(Predicate<Waiting<T>> which, Function<Waiting<T>, SporeException> why) {
        waiting.forEach((ref, found) -> {
            if (which.test(found) && waiting.remove(ref, found)) {
                found.complete(null, why.apply(found));
            }
        });
    }
}
