package io.spore.core;

import io.spore.api.LogLevel;
import io.spore.api.Pid;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.core.spi.SpawnRequest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a child inherits, decided once by the spawning side (Ergo's rules): options set explicitly win, then the
 * spawning process's own values, then the node's. A local spawn applies it at once; a remote spawn carries it in
 * its {@link SpawnRequest}, and the target applies it as given. The mailbox limit is not inherited: it is the
 * options' or the node's own.
 */
record Inheritance(Pid parent, Pid leader, String application, LogLevel logLevel, Map<String, Object> env,
                   boolean trapExits, int mailboxLimit) {

    /**
     * @param spawner the spawning process, or {@code null} for the node itself (its identity is then the parent)
     * @param last    what the previous child inherited, or {@code null}: returned again when this one inherits the
     *                same (see {@link #reusing})
     */
    static Inheritance from(ProcessContext spawner, ProcessOptions options, NodeServices node, Inheritance last) {
        Pid parent = spawner == null ? node.identity : spawner.self();
        return reusing(last, parent,
            options.leader() != null ? options.leader() : spawner == null ? parent : spawner.leader(),
            options.application() != null ? options.application()
                : spawner == null ? node.context.application() : spawner.application(),
            options.logLevel() != null ? options.logLevel()
                : spawner == null ? node.context.logLevel() : spawner.logLevel(),
            env(spawner, options), options.trapExits(),
            options.mailboxLimit() != 0 ? options.mailboxLimit() : node.context.mailboxLimit());
    }

    /**
     * What a request from another node says, with this node's defaults where it says nothing.
     *
     * @param last what the previous request's child inherited, or {@code null}: returned again when this request's
     *             child inherits the same (see {@link #reusing})
     */
    static Inheritance from(SpawnRequest request, NodeServices node, Inheritance last) {
        return reusing(last, request.parent(), request.leader() != null ? request.leader() : request.parent(),
            request.application(), request.logLevel() != null ? request.logLevel() : node.context.logLevel(),
            request.env() == null ? Map.of() : request.env(), request.trapExits(),
            node.context.mailboxLimit()); // the target's own bound: a requester cannot lift it
    }

    /**
     * @return {@code last} when it holds these values, else a record of them. Why: a spawner making many children
     *         (a requester on another node, a supervisor, the node) gives each the same, and a record per child was
     *         40 of the bytes a spawn allocates. The record is immutable, so any thread may hand it out again. An
     *         environment is the same only when it is the same map, or both are empty.
     */
    private static Inheritance reusing(Inheritance last, Pid parent, Pid leader, String application,
                                       LogLevel logLevel, Map<String, Object> env, boolean trapExits,
                                       int mailboxLimit) {
        if (last != null && last.trapExits == trapExits && last.logLevel == logLevel
            && last.mailboxLimit == mailboxLimit && last.parent.equals(parent) && last.leader.equals(leader)
            && Objects.equals(last.application, application)
            && (last.env == env || last.env.isEmpty() && env.isEmpty())) {
            return last;
        }
        return new Inheritance(parent, leader, application, logLevel, env, trapExits, mailboxLimit);
    }

    private static Map<String, Object> env(ProcessContext spawner, ProcessOptions options) {
        Map<String, Object> inherited = spawner == null ? Map.of() : spawner.env();
        if (options.env().isEmpty()) {
            return inherited; // immutable: shared between parent and child at no cost
        }
        Map<String, Object> merged = new LinkedHashMap<>(inherited);
        merged.putAll(options.env());
        return Collections.unmodifiableMap(merged);
    }
}
