package io.spore.core.spi;

import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.Ref;

import java.util.List;
import java.util.Map;

/**
 * A request to spawn a process on another node, as the requesting node sends it and the target node receives it:
 * what to run and everything the child inherits, already resolved by the requester (the target applies it as
 * given). {@link io.spore.api.ProcessOptions#link()} is not part of it (ignored for remote spawns, Ergo's rule);
 * {@code link} says the child is linked to the requester from its start
 * ({@link io.spore.api.ProcessContext#remoteSpawnLink}).
 *
 * @param ref         names the request on the requesting node; the reply carries it back
 * @param requester   who waits for the reply: a process, or the requesting node's identity
 * @param factory     the spawn name of the factory on the target node
 * @param register    the name to register the child under, or {@code null}
 * @param parent      the child's parent (possibly on a third node)
 * @param leader      the child's leader, or {@code null} for its parent
 * @param application the child's application, or {@code null} for none
 * @param logLevel    the child's log level, or {@code null} for the target node's default
 * @param trapExits   whether the child starts trapping exits
 * @param env         the child's environment, or {@code null} when the requester does not expose it
 * @param args        the arguments of the child's {@code init}
 * @param timeoutMs   how long the requester waits; a child made later is undone by the target. 0: unknown
 * @param link        whether the child is linked to {@code requester} before its {@code init} runs
 */
public record SpawnRequest(Ref ref, Pid requester, Name factory, Name register, Pid parent, Pid leader,
                           String application, LogLevel logLevel, boolean trapExits, Map<String, Object> env,
                           List<Object> args, long timeoutMs, boolean link) {
    /**
     * A request without a link, as before 2.6.0.
     *
     * @param ref         names the request on the requesting node
     * @param requester   who waits for the reply
     * @param factory     the spawn name of the factory on the target node
     * @param register    the name to register the child under, or {@code null}
     * @param parent      the child's parent
     * @param leader      the child's leader, or {@code null}
     * @param application the child's application, or {@code null}
     * @param logLevel    the child's log level, or {@code null}
     * @param trapExits   whether the child starts trapping exits
     * @param env         the child's environment, or {@code null}
     * @param args        the arguments of the child's {@code init}
     * @param timeoutMs   how long the requester waits; 0: unknown
     */
    public SpawnRequest(Ref ref, Pid requester, Name factory, Name register, Pid parent, Pid leader,
                        String application, LogLevel logLevel, boolean trapExits, Map<String, Object> env,
                        List<Object> args, long timeoutMs) {
        this(ref, requester, factory, register, parent, leader, application, logLevel, trapExits, env, args,
            timeoutMs, false);
    }
}
