package io.spore.transport;

import io.aeron.Aeron;
import io.spore.api.SporeException;
import io.spore.transport.naming.DiscoveryChain;
import io.spore.transport.naming.MembershipLog;
import io.spore.transport.naming.NameServiceDiscovery;
import io.spore.transport.naming.RoutesDiscovery;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Does the slow, blocking part of making a connection on a thread of its own, so that the receive agent never
 * waits: finding a node through the discovery providers, in the configured order (static routes, the host's name
 * service, DNS, a registry), and opening the publications (a round trip to the media driver). Each result goes back
 * to the agent through a queue, as an {@link Opened}.
 *
 * <p>Threading: one daemon thread; methods may be called from any thread. After {@link #close()} requests are
 * ignored and publications handed in for closing are closed on the caller's thread.
 */
final class Connector implements AutoCloseable {
    /**
     * The outcome of opening publications to a peer, for attempt number {@code attempt}.
     *
     * @param publications the open publications, or {@code null} when {@code error} says why not
     */
    record Opened(Association peer, long attempt, PeerPublications publications, SporeException error) {
    }

    private final Aeron aeron;
    private final TransportContext context;
    private final DiscoveryChain discovery;
    private final MembershipLog membership;
    private final Queue<Opened> results;
    private final StagedFlushes flushes;
    private final TransportCounters counters;
    private final ExecutorService executor;
    private final IdleWakes wakes;

    /**
     * @param context concluded; its discovery order and providers, static routes, name service port and lookup
     *                timeout find nodes
     * @param wiring  its cookie is proven to name services, and expected from them
     * @param aeron   the client that opens publications
     * @throws io.spore.api.SporeException {@code INVALID_ARGUMENT} when the order names a provider that does not run
     */
    Connector(TransportContext context, TransportWiring wiring, Aeron aeron) {
        this.aeron = aeron;
        this.context = context;
        this.discovery = DiscoveryChain.create(context.discoveryOrder(), List.of(
            new RoutesDiscovery(context.staticRoutes()),
            new NameServiceDiscovery(context.nameServiceConfig(), wiring.cookie())), context.discoveryProviders());
        this.results = wiring.opened();
        this.flushes = wiring.flushes();
        this.wakes = wiring.wakes();
        this.counters = wiring.counters();
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "spore-connector-" + context.nodeName());
            thread.setDaemon(true);
            return thread;
        });
        this.membership = MembershipLog.start(discovery, context.nodeName());
    }

    /**
     * Finds {@code peer}, then opens publications to the endpoint found; when it has several, each attempt takes the
     * next.
     */
    void connect(Association peer, long attempt) {
        submit(peer, attempt, () -> {
            InetSocketAddress address = DiscoveryChain.pick(peer.name, discovery.resolve(peer.name), attempt);
            return open(address.getAddress().getHostAddress(), address.getPort(), peer);
        });
    }

    /** Opens publications to an address a peer gave in its hello. */
    void open(Association peer, long attempt, String address, int port) {
        submit(peer, attempt, () -> open(address, port, peer));
    }

    /** Closes publications off the agent's thread (closing waits for the driver). */
    void close(PeerPublications publications) {
        try {
            execute(publications::close);
        } catch (RejectedExecutionException stopped) {
            publications.close();
        }
    }

    /** Runs {@code task} on the connector's thread, or on the caller's once the connector has stopped. */
    void offAgent(Runnable task) {
        try {
            execute(task);
        } catch (RejectedExecutionException stopped) {
            task.run();
        }
    }

    /**
     * Runs {@code task} on the connector's thread. Its tasks are what commands the media driver (publications to open
     * or close): a dozing driver is kept awake for them first, since the client's commands reach it through shared
     * memory, which no wake announces.
     */
    private void execute(Runnable task) {
        executor.execute(() -> {
            wakes.expectDriverCommands();
            task.run();
        });
    }

    private interface Step {
        PeerPublications run();
    }

    private void submit(Association peer, long attempt, Step step) {
        try {
            execute(() -> {
                Opened result;
                try {
                    result = new Opened(peer, attempt, step.run(), null);
                } catch (SporeException e) {
                    result = new Opened(peer, attempt, null, e);
                } catch (RuntimeException e) {
                    result = new Opened(peer, attempt, null, new SporeException(SporeException.Reason.NODE_DOWN,
                        "cannot open a connection to " + peer.name + ": " + e.getMessage(), e));
                }
                results.add(result);
            });
        } catch (RejectedExecutionException stopped) {
            results.add(new Opened(peer, attempt, null, new SporeException(SporeException.Reason.NODE_STOPPED,
                "the transport of " + context.nodeName() + " is closing")));
        }
    }

    private PeerPublications open(String address, int port, Association peer) {
        try {
            return PeerPublications.open(aeron, context, counters, address, port, flushes, this::offAgent);
        } catch (RuntimeException e) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot open publications to " + peer.name
                + " at " + Channels.endpoint(address, port) + ": " + e.getMessage(), e);
        }
    }

    /** Stops the thread once what it was doing is done; waits at most about a lookup's time. */
    @Override
    public void close() {
        membership.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(context.lookupTimeout().toMillis() * 4 + 1000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
