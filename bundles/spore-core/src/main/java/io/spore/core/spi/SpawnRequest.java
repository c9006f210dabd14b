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
 * given). Link options are not part of it: they are ignored for remote spawns.
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
 */
public record SpawnRequest(Ref ref, Pid requester, Name factory, Name register, Pid parent, Pid leader,
                           String application, LogLevel logLevel, boolean trapExits, Map<String, Object> env,
                           List<Object> args, long timeoutMs) {
}
