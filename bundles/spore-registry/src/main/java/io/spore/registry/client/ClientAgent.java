package io.spore.registry.client;

import io.aeron.cluster.client.AeronCluster;
import io.spore.registry.RegistryResult;
import io.spore.registry.RegistryStatus;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's one thread: the only user of its {@link AeronCluster}. Each duty cycle it takes new requests from
 * callers' threads (a bounded queue, a limit per cycle), offers what is unsent or due again, polls egress, sends
 * the session's keepalive, asks for the whole view when the replica wants it, and fails requests past their
 * deadline with {@link RegistryStatus#UNAVAILABLE}. After a leader change every pending request is offered again:
 * every registry command may be repeated with the same effect.
 */
public final class ClientAgent implements Agent {
    private static final int REQUESTS_PER_CYCLE = 64;

    private final AeronCluster cluster;
    private final Replica replica;
    private final CommandEncoder encoder;
    private final NanoClock clock;
    private final ManyToOneConcurrentArrayQueue<Request> queue;
    private final Long2ObjectHashMap<Request> pending = new Long2ObjectHashMap<>();
    private final long resendIntervalNs;
    private final long keepAliveIntervalNs;
    private long lastKeepAliveNs;
    private long lastSyncNs = Long.MIN_VALUE;
    private long nextSyncId = -1;
    private boolean closed;

    ClientAgent(AeronCluster cluster, Replica replica, CommandEncoder encoder, NanoClock clock,
        ManyToOneConcurrentArrayQueue<Request> queue, long resendIntervalNs, long keepAliveIntervalNs) {
        this.cluster = cluster;
        this.replica = replica;
        this.encoder = encoder;
        this.clock = clock;
        this.queue = queue;
        this.resendIntervalNs = resendIntervalNs;
        this.keepAliveIntervalNs = keepAliveIntervalNs;
        this.lastKeepAliveNs = clock.nanoTime();
    }

    Request takePending(long correlationId) {
        return pending.remove(correlationId);
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
            // The session is gone: whatever callers still ask fails at once rather than wait for its deadline.
            return queue.drain(request -> request.result.complete(new RegistryResult(RegistryStatus.UNAVAILABLE,
                null, "the registry closed this node's session")), REQUESTS_PER_CYCLE);
        }
        long nowNs = clock.nanoTime();
        int work = queue.drain(request -> pending.put(request.correlationId, request), REQUESTS_PER_CYCLE);
        work += cluster.pollEgress();
        if (cluster.isClosed()) {
            failAll("the registry closed this node's session");
            closed = true;
            return work;
        }
        work += offerDue(nowNs);
        if (replica.syncWanted() && (lastSyncNs == Long.MIN_VALUE || nowNs - lastSyncNs > resendIntervalNs)) {
            UnsafeBuffer sync = encoder.sync(nextSyncId--);
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

    private int offerDue(long nowNs) {
        int work = 0;
        List<Request> expired = null;
        for (Request request : pending.values()) {
            if (nowNs - request.deadlineNs > 0) {
                expired = expired == null ? new ArrayList<>() : expired;
                expired.add(request);
            } else if (!request.isSent() || nowNs - request.sentNs > resendIntervalNs) {
                if (cluster.offer(request.message, 0, request.message.capacity()) > 0) {
                    request.sentNs = nowNs;
                    work++;
                }
            }
        }
        if (expired != null) {
            for (Request request : expired) {
                pending.remove(request.correlationId);
                request.result.complete(new RegistryResult(RegistryStatus.UNAVAILABLE, null,
                    "no answer from the registry in time; the operation may or may not have happened"));
            }
        }
        return work;
    }

    private void failAll(String why) {
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
    public void onClose() {
        failAll("the registry client is closed");
        cluster.close();
    }

    @Override
    public String roleName() {
        return "spore-registry-client";
    }
}
