package io.spore.api.supervisor;

import io.spore.api.SporeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a supervisor does: its {@link Strategy}, its restart intensity and its children's specs (OTP's supervisor
 * flags and child specifications). Immutable: each {@code with…} returns a copy.
 *
 * <p>Restart intensity: when more than {@link #maxRestarts()} restarts happen within {@link #period()}, the
 * supervisor gives up: it stops its children in reverse start order and exits with
 * {@link io.spore.api.ExitReason#SHUTDOWN}, so that its own supervisor (if any) can act. The default is OTP's: at
 * most 1 restart in 5 seconds. An optional backoff delays each restart, doubling from an initial delay up to a bound
 * as restarts accumulate within the period.
 */
public final class SupervisorSpec {
    /** The strategy. */
    private final Strategy strategy;
    /** Most restarts within {@link #period}. */
    private final int maxRestarts;
    /** The window of the intensity. */
    private final Duration period;
    /** The first restart delay, or {@link Duration#ZERO} for no backoff. */
    private final Duration backoffInitial;
    /** The largest restart delay. */
    private final Duration backoffMax;
    /** The child specs in start order, unmodifiable. */
    private final List<ChildSpec> children;

    /**
     * Use {@link #of(Strategy)} and the {@code with…} methods.
     *
     * @param strategy       the strategy
     * @param maxRestarts    most restarts within {@code period}
     * @param period         the window of the intensity
     * @param backoffInitial the first restart delay
     * @param backoffMax     the largest restart delay
     * @param children       the child specs, unmodifiable
     */
    private SupervisorSpec(Strategy strategy, int maxRestarts, Duration period, Duration backoffInitial,
                           Duration backoffMax, List<ChildSpec> children) {
        this.strategy = strategy;
        this.maxRestarts = maxRestarts;
        this.period = period;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.children = children;
    }

    /**
     * @param strategy which children to restart when one must be
     * @return a spec with no children, at most 1 restart in 5 seconds and no backoff
     */
    public static SupervisorSpec of(Strategy strategy) {
        return new SupervisorSpec(Objects.requireNonNull(strategy, "strategy"), 1, Duration.ofSeconds(5),
            Duration.ZERO, Duration.ZERO, List.of());
    }

    /**
     * @param maxRestarts the most restarts allowed within {@code period}, 0 or more (0: the first exit that calls for a
     *                    restart makes the supervisor give up)
     * @param period      the window, positive
     * @return a copy with that restart intensity
     * @throws SporeException {@code INVALID_ARGUMENT} for a negative count or a period that is not positive
     */
    public SupervisorSpec withIntensity(int maxRestarts, Duration period) {
        Objects.requireNonNull(period, "period");
        if (maxRestarts < 0 || period.isZero() || period.isNegative()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a restart intensity needs 0 or more"
                + " restarts in a positive period, was " + maxRestarts + " in " + period);
        }
        return new SupervisorSpec(strategy, maxRestarts, period, backoffInitial, backoffMax, children);
    }

    /**
     * Delays restarts: the first restart within the intensity period waits {@code initial}, each further one twice
     * as long as the one before, never more than {@code max}. The supervisor keeps serving calls and exits meanwhile;
     * the child shows as not running.
     *
     * @param initial the first delay, positive
     * @param max     the largest delay, at least {@code initial}
     * @return a copy with that backoff
     * @throws SporeException {@code INVALID_ARGUMENT} when the delays are not positive and ordered
     */
    public SupervisorSpec withBackoff(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a restart backoff needs a positive"
                + " initial delay and a maximum at least as long, was " + initial + " and " + max);
        }
        return new SupervisorSpec(strategy, maxRestarts, period, initial, max, children);
    }

    /**
     * @param child a child spec, started after those added before it
     * @return a copy with {@code child} added last
     * @throws SporeException {@code INVALID_ARGUMENT} when a spec with the same id is there already, or when a
     *                        {@link Strategy#SIMPLE_ONE_FOR_ONE} spec would get a second one
     */
    public SupervisorSpec withChild(ChildSpec child) {
        Objects.requireNonNull(child, "child");
        List<ChildSpec> copy = new ArrayList<>(children);
        copy.add(child);
        check(strategy, copy);
        return new SupervisorSpec(strategy, maxRestarts, period, backoffInitial, backoffMax, List.copyOf(copy));
    }

    /**
     * @param more child specs, in start order
     * @return a copy with {@code more} added last
     * @throws SporeException as {@link #withChild(ChildSpec)}
     */
    public SupervisorSpec withChildren(ChildSpec... more) {
        SupervisorSpec spec = this;
        for (ChildSpec child : more) {
            spec = spec.withChild(child);
        }
        return spec;
    }

    /** Refuses duplicate ids, and more than one template for a simple one-for-one supervisor. */
    private static void check(Strategy strategy, List<ChildSpec> children) {
        if (strategy == Strategy.SIMPLE_ONE_FOR_ONE && children.size() > 1) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a SIMPLE_ONE_FOR_ONE supervisor has"
                + " exactly one child spec, its template; add children with Supervisors.startChild");
        }
        Set<String> ids = new HashSet<>();
        for (ChildSpec child : children) {
            if (!ids.add(child.id())) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                    "two child specs have the id '" + child.id() + "'; ids must be unique within a supervisor");
            }
        }
    }

    /** @return which children to restart when one must be */
    public Strategy strategy() {
        return strategy;
    }

    /** @return the most restarts allowed within {@link #period()} */
    public int maxRestarts() {
        return maxRestarts;
    }

    /** @return the window of the restart intensity */
    public Duration period() {
        return period;
    }

    /** @return the first restart delay, {@link Duration#ZERO} when restarts are not delayed */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** @return the largest restart delay, {@link Duration#ZERO} when restarts are not delayed */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** @return the child specs in start order (for {@link Strategy#SIMPLE_ONE_FOR_ONE}, the template) */
    public List<ChildSpec> children() {
        return children;
    }

    @Override
    public String toString() {
        return "SupervisorSpec[strategy=" + strategy + ", intensity=" + maxRestarts + " in " + period
            + (backoffInitial.isZero() ? "" : ", backoff=" + backoffInitial + ".." + backoffMax) + ", children="
            + children.stream().map(ChildSpec::id).toList() + "]";
    }
}
