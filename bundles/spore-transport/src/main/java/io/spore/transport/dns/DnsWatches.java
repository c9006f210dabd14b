package io.spore.transport.dns;

import io.spore.api.NodeName;
import io.spore.transport.discovery.MembershipEvent;
import io.spore.transport.discovery.MembershipListener;
import io.spore.transport.discovery.MembershipWatch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches of the members a provider lists, by polling: one daemon thread, started by the first watch, reads the
 * members at each interval and tells every watch what changed since it last looked. A reading that fails (the server
 * does not answer) changes nothing: an outage of DNS is not the departure of every node. It is logged once at WARN,
 * and its end at INFO.
 *
 * <p>Thread-safe.
 */
final class DnsWatches implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DnsWatches.class.getName());

    private final String provider;
    private final Duration interval;
    private final Supplier<Set<NodeName>> members;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;
    private boolean failing;

    /**
     * @param provider the provider's name, for the events
     * @param interval the time between two readings
     * @param members  reads the members
     */
    DnsWatches(String provider, Duration interval, Supplier<Set<NodeName>> members) {
        this.provider = provider;
        this.interval = interval;
        this.members = members;
    }

    synchronized MembershipWatch add(MembershipListener listener) {
        Watch watch = new Watch(listener);
        watches.add(watch);
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "spore-discovery-" + provider);
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            poller.execute(this::poll);
        }
        return watch;
    }

    /** The poller's thread: one reading, handed to every watch. */
    private void poll() {
        Set<NodeName> now;
        try {
            now = members.get();
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "the discovery provider " + provider + " cannot read its members"
                    + " (its members stay as they were; reading again every " + interval.toMillis() + " ms): "
                    + e.getMessage());
            }
            return;
        }
        if (failing) {
            failing = false;
            LOG.log(System.Logger.Level.INFO, "the discovery provider " + provider + " reads its members again");
        }
        for (Watch watch : watches) {
            watch.update(now);
        }
    }

    @Override
    public synchronized void close() {
        watches.forEach(Watch::close);
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    private final class Watch implements MembershipWatch {
        private final MembershipListener listener;
        /** What this watch was last told; guarded by this watch. */
        private Set<NodeName> seen = Set.of();
        private boolean closed;

        Watch(MembershipListener listener) {
            this.listener = listener;
        }

        synchronized void update(Set<NodeName> now) {
            if (closed) {
                return;
            }
            for (NodeName node : now) {
                if (!seen.contains(node)) {
                    tell(new MembershipEvent(provider, node, true));
                }
            }
            for (NodeName node : seen) {
                if (!now.contains(node)) {
                    tell(new MembershipEvent(provider, node, false));
                }
            }
            seen = new LinkedHashSet<>(now);
        }

        private void tell(MembershipEvent event) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of the discovery provider " + provider + " failed on "
                    + event + ": " + e, e);
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            watches.remove(this);
        }
    }
}
