package io.spore.api;

import java.util.concurrent.CompletableFuture;

/**
 * Another node, connected now, as {@link Network#node} or {@link Network#getNode} returned it (Ergo's
 * {@code gen.RemoteNode}). It stays usable: if the connection goes, its spawns fail with {@code NODE_DOWN}.
 *
 * <h2>What the child inherits</h2>
 * Its parent and leader are this node's {@linkplain Node#identity() identity}, its log level and application this
 * node's defaults, unless {@code options} set them. The environment travels only when this node exposes it
 * ({@link Network#exposeEnvRemoteSpawn()}); then the option's entries are sent, and every value must be encodable
 * (a value without an encoding fails the spawn here with {@code UNENCODABLE}, naming its key and type).
 * {@link ProcessOptions#link()} is ignored: a remote child is never linked to its spawner (Ergo's rule); monitor it
 * if you need to know when it ends. {@link ProcessOptions#trapExits()} is sent.
 *
 * <p>Threading: safe from any thread. The blocking methods wait inside a process's handler with
 * {@link java.util.concurrent.ForkJoinPool#managedBlock}, so the worker pool adds a thread meanwhile.
 */
public interface RemoteNode {
    /** @return the node's name */
    NodeName name();

    /** @return the node's incarnation, as its handshake said */
    int creation();

    /** @return whether the node advertised remote spawn as enabled in its handshake */
    boolean remoteSpawnEnabled();

    /**
     * Spawns a process on that node from the factory it offers under {@code factory}; blocks until the child's
     * {@code init} has run there, or up to the timeout ({@link ProcessOptions#spawnTimeout()}, default 5 s).
     *
     * @param factory the spawn name of a factory that node offers
     * @param options how to spawn (see above for what the child inherits)
     * @param args    the arguments handed to the child's {@code init}; each must be encodable
     * @return the child's pid
     * @throws SporeException {@code NOT_ALLOWED} (this node is not on the name's access list),
     *                        {@code UNKNOWN_FACTORY}, {@code NAME_TAKEN}, {@code REMOTE_SPAWN_DISABLED} (at once when
     *                        the node advertised it), {@code INIT_FAILED} (with the init error's message),
     *                        {@code TIMEOUT} (a child made after the timeout is killed, so none is left behind),
     *                        {@code NODE_DOWN}, {@code UNENCODABLE} (naming the type)
     */
    Pid spawn(Name factory, ProcessOptions options, Object... args);

    /**
     * As {@link #spawn}, and registers the child under {@code register} on that node before it receives anything.
     *
     * @param register the name to register the child under on that node
     * @param factory  the spawn name of a factory that node offers
     * @param options  how to spawn
     * @param args     the arguments handed to the child's {@code init}; each must be encodable
     * @return the child's pid
     * @throws SporeException also {@code NAME_TAKEN}, naming the holder
     */
    Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args);

    /**
     * As {@link #spawn} without blocking: many requests may be in flight at once (pipelined). The future completes
     * with the child's pid or a {@link SporeException} of the same reasons, on a node thread (keep dependent actions
     * short). Errors found before sending (not connected, unencodable) complete it at once.
     *
     * @param factory the spawn name of a factory that node offers
     * @param options how to spawn
     * @param args    the arguments handed to the child's {@code init}; each must be encodable
     * @return the pending spawn
     */
    CompletableFuture<Pid> spawnAsync(Name factory, ProcessOptions options, Object... args);
}
