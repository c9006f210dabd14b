package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A {@link RemoteNode}: the peer as its handshake described it, spawning through {@link OutgoingSpawns}. */
final class RemoteNodeHandle implements RemoteNode {
    private final OutgoingSpawns spawns;
    private final SporeNetwork.Peer peer;

    RemoteNodeHandle(OutgoingSpawns spawns, SporeNetwork.Peer peer) {
        this.spawns = spawns;
        this.peer = peer;
    }

    @Override
    public NodeName name() {
        return peer.name();
    }

    @Override
    public int creation() {
        return peer.creation();
    }

    @Override
    public boolean remoteSpawnEnabled() {
        return peer.remoteSpawnEnabled();
    }

    @Override
    public Pid spawn(Name factory, ProcessOptions options, Object... args) {
        return spawns.spawn(peer.name(), null, factory, options, args);
    }

    @Override
    public Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args) {
        Objects.requireNonNull(register, "register");
        return spawns.spawn(peer.name(), register, factory, options, args);
    }

    @Override
    public CompletableFuture<Pid> spawnAsync(Name factory, ProcessOptions options, Object... args) {
        return spawnAsync(null, factory, options, args);
    }

    private CompletableFuture<Pid> spawnAsync(Name register, Name factory, ProcessOptions options, Object[] args) {
        return spawns.request(peer.name(), null, register, factory, options, args);
    }

    @Override
    public String toString() {
        return "RemoteNode[" + peer.name() + ", creation " + peer.creation() + ", remote spawn "
            + (peer.remoteSpawnEnabled() ? "enabled" : "disabled") + "]";
    }
}
