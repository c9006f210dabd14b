package io.spore.registry.client;

import io.aeron.cluster.client.AeronCluster;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryResult;
import io.spore.registry.RegistryStatus;
import io.spore.registry.sbe.ProcessOp;

import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The client's one thread: the only user of its {@link AeronCluster}. Each duty cycle it takes new requests from
 * callers' threads (a bounded queue, a limit per cycle), offers what is unsent or due again, polls egress, sends
 * the session's keepalive, asks for the whole view when the replica wants it, and fails requests past their
 * deadline with {@link RegistryStatus#UNAVAILABLE}. After a leader change every pending request is offered again:
 * every registry command may be repeated with the same effect.
 *
 * <p>When the session ends (closed by the registry, timed out, or lost with a whole registry's restart) the node
 * has left: the agent connects again, joins as the same node, and registers the names and memberships it held
 * ({@link OwnEntries}) again; a name another node took meanwhile is reported lost. Requests wait meanwhile, until
 * their deadline. A session the registry closed because the node joined through another one (a newer incarnation)
 * is not replaced: the client fails its requests from then on.
 *
 * <p>While connecting fails (no registry, or no majority of it, answers in time) requests fail at once with
 * {@link RegistryStatus#UNAVAILABLE} saying so, instead of waiting for their deadline; the first failure after a
 * session is logged in one line, and the attempts go on with a backoff that doubles up to
 * {@link #MAX_CONNECT_BACKOFF_NS}, counted from each attempt's start. An attempt gives up after
 * {@link #FIRST_ATTEMPT_TIMEOUT_NS} at first, twice that after each attempt that timed out, up to the connect
 * timeout: a connect request that reaches the members during an election is never answered, and Aeron's attempt
 * then waits out its whole timeout, so short attempts let the one after the election succeed within moments of it,
 * and longer ones still get through on a host too busy to answer quickly. A client started without a session ({@code cluster} {@code null}) begins that
 * way: it connects on its own thread, and its node keeps running meanwhile.
 */
final class ClientAgent implements Agent {
    private static final int REQUESTS_PER_CYCLE = 64;
    /** The longest pause between two attempts to connect; each attempt itself may take the connect timeout. */
    static final long MAX_CONNECT_BACKOFF_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    /** How long the first attempt to connect after a session was lost may take. */
    static final long FIRST_ATTEMPT_TIMEOUT_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    private static final System.Logger LOG = System.getLogger(ClientAgent.class.getName());

    /** Starts an attempt to connect that gives up after the time given, in nanoseconds. */
    private final LongFunction<AeronCluster.AsyncConnect> reconnect;
    private final long connectTimeoutNs;
    private long attemptTimeoutNs;
    private long attemptStartNs;
    private final Replica replica;
    private final CommandEncoder encoder;
    private final NanoClock clock;
    private final ManyToOneConcurrentArrayQueue<Request> queue;
    /**
     * The requests not answered yet, in the order they were made: offered again after a leader change in that order,
     * so a register and an unregister of one name cannot reach the log the other way round.
     */
    private final Map<Long, Request> pending = new LinkedHashMap<>();
    private final OwnEntries own = new OwnEntries();
    private final RegistryListener listener;
    private final LongFunction<Request> joinRequest;
    private final long resendIntervalNs;
    private final long keepAliveIntervalNs;
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect connecting;
    private boolean joined;
    private long lastKeepAliveNs;
    private long lastSyncNs = Long.MIN_VALUE;
    private long nextInternalId = -1;
    private boolean closed;
    private String replacedBy;
    private long nextConnectNs;
    private long connectBackoffNs;
    /** Why the last attempt to connect failed, since the last session; {@code null} while none failed. */
    private String unreachable;
    private final String registry;

    /**
     * @param cluster     the session, or {@code null} to connect on the agent's thread
     * @param registry    the registry's members as the user gave them, for messages
     * @param joinRequest makes a join request for a correlation id, with its deadline
     */
    ClientAgent(AeronCluster cluster, String registry, LongFunction<AeronCluster.AsyncConnect> reconnect,
        long connectTimeoutNs, Replica replica, CommandEncoder encoder, NanoClock clock, ManyToOneConcurrentArrayQueue<Request> queue,
        RegistryListener listener, LongFunction<Request> joinRequest, long resendIntervalNs,
        long keepAliveIntervalNs) {
        this.cluster = cluster;
        this.registry = registry;
        this.reconnect = reconnect;
        this.connectTimeoutNs = connectTimeoutNs;
        this.attemptTimeoutNs = Math.min(FIRST_ATTEMPT_TIMEOUT_NS, connectTimeoutNs);
        this.replica = replica;
        this.encoder = encoder;
        this.clock = clock;
        this.queue = queue;
        this.listener = listener;
        this.joinRequest = joinRequest;
        this.resendIntervalNs = resendIntervalNs;
        this.keepAliveIntervalNs = keepAliveIntervalNs;
        this.lastKeepAliveNs = clock.nanoTime();
        this.nextConnectNs = lastKeepAliveNs;
        this.connectBackoffNs = resendIntervalNs;
    }

    /** An answer from the registry: remember what the node now holds, and complete the caller's future. */
    void onResponse(long correlationId, RegistryResult result) {
        Request request = pending.remove(correlationId);
        if (request == null) {
            return;
        }
        if (request.isJoin()) {
            joined = result.isOk();
        } else if (result.isOk()) {
            own.onOk(request.op, request.key, request.pid);
        } else if (request.op == ProcessOp.REGISTER_NAME && result.status() == RegistryStatus.NAME_TAKEN
            && request.correlationId < 0) {
            own.onLost(request.key, request.pid);
            listener.onNameLost(request.key, request.pid, result.holder());
        }
        request.result.complete(result);
    }

    /** This node joined again through another session (a newer incarnation): do not join again when this closes. */
    void onReplaced(String detail) {
        replacedBy = detail;
    }

    /** After a leader change: offer every pending request again, and ask for the whole view. */
    void onNewLeader() {
        for (Request request : pending.values()) {
            request.sentNs = Long.MIN_VALUE;
        }
        replica.requestSync();
        lastSyncNs = Long.MIN_VALUE;
    }

    @Override
    public int doWork() {
        if (closed) {
            // The client is done (replaced): whatever callers still ask fails at once.
            return queue.drain(request -> request.result.complete(new RegistryResult(RegistryStatus.UNAVAILABLE,
                null, "this node was replaced in the registry: " + replacedBy)), REQUESTS_PER_CYCLE);
        }
        long nowNs = clock.nanoTime();
        int work = queue.drain(this::accept, REQUESTS_PER_CYCLE);
        if (cluster == null) {
            work += nowNs - nextConnectNs >= 0 ? connect(nowNs) : 0;
            if (cluster == null && unreachable != null && !pending.isEmpty()) {
                failCallers("cannot reach the registry at " + registry + " (" + unreachable + "); still trying");
            }
            expire(nowNs);
            return work;
        }
        try {
            work += cluster.pollEgress();
        } catch (RuntimeException e) {
            // The media driver or the session's publications are gone (a driver timeout, a closed client): the
            // session is as good as lost.
            LOG.log(System.Logger.Level.WARNING, "registry session lost: " + e);
            nextConnectNs = nowNs + resendIntervalNs;
            onSessionLost();
            return work + 1;
        }
        if (cluster.isClosed()) {
            if (replacedBy != null) {
                fail("this node was replaced in the registry: " + replacedBy);
                closed = true;
            } else {
                onSessionLost();
            }
            return work + 1;
        }
        work += offerDue(nowNs);
        replica.abandonStaleView(nowNs, 2 * resendIntervalNs);
        if (joined && replica.syncWanted()
            && (lastSyncNs == Long.MIN_VALUE || nowNs - lastSyncNs > resendIntervalNs)) {
            UnsafeBuffer sync = encoder.sync(nextInternalId--);
            if (cluster.offer(sync, 0, sync.capacity()) > 0) {
                work++;
            }
            lastSyncNs = nowNs;
        }
        if (nowNs - lastKeepAliveNs > keepAliveIntervalNs && cluster.sendKeepAlive()) {
            lastKeepAliveNs = nowNs;
            work++;
        }
        return work;
    }

    private void accept(Request request) {
        if (request.op == ProcessOp.PROCESS_ENDED) {
            // Forgotten at once, not on the answer: a session made meanwhile must not register the dead process's
            // names and memberships again.
            own.onOk(ProcessOp.PROCESS_ENDED, request.key, request.pid);
        }
        pending.put(request.correlationId, request);
    }

    private void onSessionLost() {
        CloseHelper.quietClose(cluster);
        cluster = null;
        joined = false;
        replica.requestSync();
        // Internal requests of the lost session (joins, registrations again) are made anew once connected.
        pending.values().removeIf(request -> request.correlationId < 0);
        listener.onSessionLost();
    }

    private int connect(long nowNs) {
        try {
            if (connecting == null) {
                attemptStartNs = nowNs;
                connecting = reconnect.apply(attemptTimeoutNs);
            }
            AeronCluster connected = connecting.poll();
            if (connected == null) {
                return 0;
            }
            connecting = null;
            cluster = connected;
            lastKeepAliveNs = nowNs;
            connectBackoffNs = resendIntervalNs;
            attemptTimeoutNs = Math.min(FIRST_ATTEMPT_TIMEOUT_NS, connectTimeoutNs);
            if (unreachable != null) {
                LOG.log(System.Logger.Level.INFO, "reached the registry at " + registry + " again");
                unreachable = null;
            }
            rejoin();
            listener.onRejoined();
            return 1;
        } catch (RuntimeException e) {
            // No registry yet (a timeout, no leader, or no media driver): try again a little later.
            CloseHelper.quietClose(connecting);
            connecting = null;
            String why = briefly(e);
            if (unreachable == null) {
                LOG.log(System.Logger.Level.WARNING, "cannot reach the registry at " + registry + " (" + why
                    + "); this node runs on without it and keeps trying; registry operations fail meanwhile");
            }
            unreachable = why;
            nextConnectNs = attemptStartNs + connectBackoffNs;
            connectBackoffNs = Math.min(2 * connectBackoffNs, MAX_CONNECT_BACKOFF_NS);
            if (e instanceof io.aeron.exceptions.TimeoutException) {
                attemptTimeoutNs = Math.min(2 * attemptTimeoutNs, connectTimeoutNs);
            }
            return 0;
        }
    }

    /** @return Aeron's reason without its category and state dump: {@code cluster connect timeout} */
    static String briefly(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("ERROR - ")) {
            message = message.substring("ERROR - ".length());
        }
        int detail = message.indexOf(": ");
        return detail > 0 ? message.substring(0, detail) : message;
    }

    private void rejoin() {
        for (Request request : pending.values()) {
            request.sentNs = Long.MIN_VALUE;
        }
        Request join = joinRequest.apply(nextInternalId--);
        pending.put(join.correlationId, join);
        for (OwnEntries.Entry entry : own.entries()) {
            long id = nextInternalId--;
            pending.put(id, new Request(id, encoder.process(id, entry.op(), entry.key(), entry.pid()), entry.op(),
                entry.key(), entry.pid(), join.deadlineNs));
        }
    }

    private int offerDue(long nowNs) {
        int work = 0;
        for (Request request : pending.values()) {
            // Until the join is answered, only the join goes: a registration before it would be NOT_JOINED.
            boolean due = !request.isSent() || nowNs - request.sentNs > resendIntervalNs;
            if (due && (joined || request.isJoin()) && nowNs - request.deadlineNs <= 0) {
                if (cluster.offer(request.message, 0, request.message.capacity()) > 0) {
                    request.sentNs = nowNs;
                    work++;
                }
            }
        }
        expire(nowNs);
        return work;
    }

    private void expire(long nowNs) {
        List<Request> expired = null;
        for (Request request : pending.values()) {
            if (nowNs - request.deadlineNs > 0) {
                expired = expired == null ? new ArrayList<>() : expired;
                expired.add(request);
            }
        }
        if (expired != null) {
            for (Request request : expired) {
                pending.remove(request.correlationId);
                request.result.complete(new RegistryResult(RegistryStatus.UNAVAILABLE, null,
                    "no answer from the registry in time; the operation may or may not have happened"));
            }
        }
    }

    @Override
    public void onClose() {
        closed = true;
        fail("the registry client is closed");
        CloseHelper.quietCloseAll(connecting, cluster);
    }

    /** Fails the callers' requests now; the agent's own (joins, registrations again) wait for a session. */
    private void failCallers(String why) {
        RegistryResult unavailable = new RegistryResult(RegistryStatus.UNAVAILABLE, null, why);
        List<Request> failed = new ArrayList<>();
        for (Request request : pending.values()) {
            if (request.correlationId > 0) {
                failed.add(request);
            }
        }
        for (Request request : failed) {
            pending.remove(request.correlationId);
            request.result.complete(unavailable);
        }
    }

    private void fail(String why) {
        RegistryResult unavailable = new RegistryResult(RegistryStatus.UNAVAILABLE, null, why);
        for (Request request : pending.values()) {
            request.result.complete(unavailable);
        }
        pending.clear();
        Request request;
        while ((request = queue.poll()) != null) {
            request.result.complete(unavailable);
        }
    }

    @Override
    public String roleName() {
        return "spore-registry-client";
    }
}
