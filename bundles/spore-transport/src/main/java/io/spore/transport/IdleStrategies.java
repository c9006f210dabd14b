package io.spore.transport;

import io.spore.api.SporeException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The idle strategies a node's embedded media driver can use, made in code.
 *
 * <p>Why in code: Aeron instantiates a strategy named in a system property with {@code Class.forName}, which
 * inside OSGi sees only the bundle that calls it, so a name would fail or, worse, find a different copy. Each call of
 * a returned supplier makes a new instance, since strategies such as backoff keep per-thread state.
 *
 * <p>Thread-safe: stateless.
 */
public final class IdleStrategies {
    /** Spins before yielding, as Aeron's own default backoff. */
    static final long BACKOFF_MAX_SPINS = 10;
    /**
     * Yields before parking: far more than Aeron's default of 5. On a small machine a yield hands the core to the
     * thread that has work (a driver, a worker, a caller), while a park, however short it is asked to be, lasts at
     * least the kernel's timer slack (about 50 µs): measured on two cores, a remote call's round trip fell from
     * about 150 µs to 55 µs with this change, for a few hundred microseconds of yielding after each burst of work.
     */
    static final long BACKOFF_MAX_YIELDS = 200;
    /** First park; parks double from here. */
    static final long BACKOFF_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park: an idle driver wakes at most a thousand times a second, and a message waits at most this. */
    static final long BACKOFF_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private IdleStrategies() {
    }

    /** @return the default: spin briefly, yield a while, then park from 1 µs up to 1 ms */
    public static Supplier<IdleStrategy> backoff() {
        return new Backoff(BACKOFF_MAX_SPINS, BACKOFF_MAX_YIELDS, BACKOFF_MIN_PARK_NS, BACKOFF_MAX_PARK_NS);
    }

    /**
     * @return how many idle duty cycles a strategy of {@code supplier} spends before it may park: a backoff's spins
     *         and yields; 0 for any other, which may park (sleep) at once or never does
     */
    static long idleCyclesBeforePark(Supplier<IdleStrategy> supplier) {
        return supplier instanceof Backoff backoff ? backoff.spins + backoff.yields : 0;
    }

    /**
     * @return whether threads paced by {@code supplier}'s strategies may doze once quiet ({@link
     *         WakeableIdleStrategy}): Spore's backoff only; a strategy chosen to spin, yield or sleep keeps that
     */
    static boolean mayDoze(Supplier<IdleStrategy> supplier) {
        return supplier instanceof Backoff;
    }

    /** Makes backoff strategies, and says after how many idle cycles they park ({@link WakeableIdleStrategy}). */
    private record Backoff(long spins, long yields, long minParkNs, long maxParkNs)
        implements Supplier<IdleStrategy> {
        @Override
        public IdleStrategy get() {
            return new BackoffIdleStrategy(spins, yields, minParkNs, maxParkNs);
        }
    }

    /** @return a strategy that sleeps {@code millis} whenever there is no work: cheapest on CPU, slowest to react */
    public static Supplier<IdleStrategy> sleeping(long millis) {
        if (millis < 1) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "a sleeping idle strategy needs at least 1 ms, was " + millis);
        }
        return () -> new SleepingMillisIdleStrategy(millis);
    }

    /**
     * Parses the textual form used in configuration and on the command line.
     *
     * @param spec {@code backoff} (the default), {@code backoff:SPINS:YIELDS:MIN_PARK_US:MAX_PARK_US},
     *             {@code sleep} (1 ms) or {@code sleep:MILLIS}, {@code yield},
     *             {@code spin} (busy spin: a whole core per driver thread) or {@code noop}; case-insensitive
     * @return a supplier of new instances of that strategy
     * @throws SporeException {@code INVALID_ARGUMENT} listing the accepted forms when {@code spec} is none of them
     */
    public static Supplier<IdleStrategy> parse(String spec) {
        String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "backoff":
                return backoff();
            case "sleep":
                return sleeping(1);
            case "yield":
                return YieldingIdleStrategy::new;
            case "spin":
                return BusySpinIdleStrategy::new;
            case "noop":
                return NoOpIdleStrategy::new;
            default:
                if (text.startsWith("backoff:")) {
                    Supplier<IdleStrategy> custom = backoff(text.substring("backoff:".length()));
                    if (custom != null) {
                        return custom;
                    }
                }
                if (text.startsWith("sleep:")) {
                    try {
                        return sleeping(Long.parseLong(text.substring("sleep:".length())));
                    } catch (NumberFormatException e) {
                        // falls through to the error that lists the accepted forms
                    }
                }
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "unknown idle strategy '" + spec
                    + "': use backoff, backoff:SPINS:YIELDS:MIN_PARK_US:MAX_PARK_US, sleep, sleep:MILLIS, yield, spin or noop");
        }
    }

    /** @return the backoff of {@code SPINS:YIELDS:MIN_PARK_US:MAX_PARK_US}, or null when that is not its form */
    private static Supplier<IdleStrategy> backoff(String parameters) {
        String[] parts = parameters.split(":");
        if (parts.length != 4) {
            return null;
        }
        try {
            long spins = Long.parseLong(parts[0]);
            long yields = Long.parseLong(parts[1]);
            long minParkNs = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(parts[2]));
            long maxParkNs = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(parts[3]));
            if (spins < 0 || yields < 0 || minParkNs < 1 || maxParkNs < minParkNs) {
                return null;
            }
            return new Backoff(spins, yields, minParkNs, maxParkNs);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
