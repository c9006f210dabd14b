package io.spore.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to spawn a process. Immutable: each {@code with…} returns a copy, and {@link #DEFAULTS} is shared.
 *
 * <p>What is not set is inherited from the spawner: a process spawned by another takes its application name,
 * log level, leader and environment; a process spawned from outside any process takes the node's. Environment
 * entries given here are added to the inherited ones and win over them.
 *
 * <p>{@link #link()} links the child to the spawning process, like Erlang's {@code spawn_link}; it is ignored for
 * remote spawns (Ergo's rule) and when spawning from outside a process. {@link #spawnTimeout()} bounds a remote
 * spawn's wait for the other node's answer.
 */
public final class ProcessOptions {
    /** Inherit everything, no link, no exit trapping. */
    public static final ProcessOptions DEFAULTS =
        new ProcessOptions(null, null, null, Map.of(), false, false, null, 0);

    /** The child's application, or {@code null} to inherit. */
    private final String application;
    /** The child's log level, or {@code null} to inherit. */
    private final LogLevel logLevel;
    /** The child's leader, or {@code null} to inherit. */
    private final Pid leader;
    /** Entries added to the inherited environment; unmodifiable, never {@code null}. */
    private final Map<String, Object> env;
    /** Whether to link the child to the spawning process. */
    private final boolean link;
    /** Whether the child traps exits from the start. */
    private final boolean trapExits;
    /** How long a remote spawn waits, or {@code null} for the default. */
    private final Duration spawnTimeout;
    /** Most messages from other nodes waiting in the mailbox; 0 for the node's default. */
    private final int mailboxLimit;

    /**
     * Use {@link #DEFAULTS} and the {@code with…} methods.
     *
     * @param application  the child's application, or {@code null}
     * @param logLevel     the child's log level, or {@code null}
     * @param leader       the child's leader, or {@code null}
     * @param env          entries added to the inherited environment, unmodifiable
     * @param link         whether to link the child
     * @param trapExits    whether the child traps exits
     * @param spawnTimeout how long a remote spawn waits, or {@code null}
     * @param mailboxLimit the mailbox limit, or 0 for the node's default
     */
    private ProcessOptions(String application, LogLevel logLevel, Pid leader, Map<String, Object> env,
                           boolean link, boolean trapExits, Duration spawnTimeout, int mailboxLimit) {
        this.application = application;
        this.logLevel = logLevel;
        this.leader = leader;
        this.env = env;
        this.link = link;
        this.trapExits = trapExits;
        this.spawnTimeout = spawnTimeout;
        this.mailboxLimit = mailboxLimit;
    }

    /** @return the shared defaults */
    public static ProcessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param application the application name, not {@code null}
     * @return a copy whose child belongs to {@code application} instead of the spawner's
     * @throws NullPointerException when {@code application} is {@code null}
     */
    public ProcessOptions withApplication(String application) {
        return new ProcessOptions(Objects.requireNonNull(application, "application"), logLevel, leader, env,
            link, trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param level the child's log level, not {@code null}
     * @return a copy whose child logs at {@code level} instead of the spawner's level
     * @throws NullPointerException when {@code level} is {@code null}
     */
    public ProcessOptions withLogLevel(LogLevel level) {
        return new ProcessOptions(application, Objects.requireNonNull(level, "level"), leader, env, link,
            trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param leader the child's leader, not {@code null}
     * @return a copy whose child has {@code leader} as its leader (group leader or supervisor)
     * @throws NullPointerException when {@code leader} is {@code null}
     */
    public ProcessOptions withLeader(Pid leader) {
        return new ProcessOptions(application, logLevel, Objects.requireNonNull(leader, "leader"), env, link,
            trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param key   the entry's key, not {@code null}
     * @param value its value, not {@code null}; for a remote spawn it must be encodable
     * @return a copy that adds {@code key = value} to the child's environment, replacing an entry of that key
     * @throws NullPointerException when {@code key} or {@code value} is {@code null}
     */
    public ProcessOptions withEnv(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(env);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ProcessOptions(application, logLevel, leader, Collections.unmodifiableMap(copy), link,
            trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param entries the entries; no key or value may be {@code null}
     * @return a copy that adds every entry of {@code entries} to the child's environment
     * @throws NullPointerException when a key or value is {@code null}
     */
    public ProcessOptions withEnv(Map<String, ?> entries) {
        Map<String, Object> copy = new LinkedHashMap<>(env);
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return new ProcessOptions(application, logLevel, leader, Collections.unmodifiableMap(copy), link,
            trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param link whether to link the child to the spawning process
     * @return a copy that links the child to the spawning process, or not (local spawns from a process only)
     */
    public ProcessOptions withLink(boolean link) {
        return new ProcessOptions(application, logLevel, leader, env, link, trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param trapExits whether the child traps exits from the start
     * @return a copy whose child receives {@link Exit} messages instead of dying with linked processes, or not
     */
    public ProcessOptions withTrapExits(boolean trapExits) {
        return new ProcessOptions(application, logLevel, leader, env, link, trapExits, spawnTimeout, mailboxLimit);
    }

    /**
     * @param timeout the longest wait, positive
     * @return a copy whose remote spawn waits at most {@code timeout} for the other node's answer (default 5 s);
     *         ignored for local spawns
     * @throws SporeException {@code INVALID_ARGUMENT} when the timeout is not positive
     */
    public ProcessOptions withSpawnTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "a spawn timeout must be positive, was " + timeout);
        }
        return new ProcessOptions(application, logLevel, leader, env, link, trapExits, timeout, mailboxLimit);
    }

    /**
     * Bounds what other nodes can queue for the child: once {@code limit} messages from other nodes wait in its
     * mailbox, the node stops reading the data of the node that sent the last one until the child has taken half of
     * them. That node's senders then meet Aeron's back-pressure, and a send that stays back-pressured past its
     * timeout (100 ms by default) fails with {@code BACK_PRESSURED}; nothing is dropped. While it waits, that node's
     * messages to every process here wait too (as with Erlang's busy distribution port). Calls from other nodes
     * count too, and a call to a process at its limit fails at once with {@code BACK_PRESSURED}. Messages and calls
     * from this node's own processes are not counted and never refused.
     *
     * @param limit the most messages from other nodes that may wait, at least 1
     * @return a copy with that limit instead of the node's default (none, unless the node sets one)
     * @throws SporeException {@code INVALID_ARGUMENT} when the limit is not positive
     */
    public ProcessOptions withMailboxLimit(int limit) {
        if (limit < 1) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "a mailbox limit must be at least 1, was " + limit);
        }
        return new ProcessOptions(application, logLevel, leader, env, link, trapExits, spawnTimeout, limit);
    }

    /** @return the child's mailbox limit for messages from other nodes, or 0 for the node's default */
    public int mailboxLimit() {
        return mailboxLimit;
    }

    /** @return how long a remote spawn waits for its answer, or {@code null} for the default 5 s */
    public Duration spawnTimeout() {
        return spawnTimeout;
    }

    /** @return the application name to give the child, or {@code null} to inherit */
    public String application() {
        return application;
    }

    /** @return the log level to give the child, or {@code null} to inherit */
    public LogLevel logLevel() {
        return logLevel;
    }

    /** @return the leader to give the child, or {@code null} to inherit */
    public Pid leader() {
        return leader;
    }

    /** @return environment entries added to the inherited ones; never {@code null} */
    public Map<String, Object> env() {
        return env;
    }

    /** @return whether to link the child to the spawning process */
    public boolean link() {
        return link;
    }

    /** @return whether the child traps exits from the start */
    public boolean trapExits() {
        return trapExits;
    }

    @Override
    public String toString() {
        return "ProcessOptions[application=" + application + ", logLevel=" + logLevel + ", leader=" + leader
            + ", env=" + env.keySet() + ", link=" + link + ", trapExits=" + trapExits
            + (spawnTimeout == null ? "" : ", spawnTimeout=" + spawnTimeout)
            + (mailboxLimit == 0 ? "" : ", mailboxLimit=" + mailboxLimit) + "]";
    }
}
