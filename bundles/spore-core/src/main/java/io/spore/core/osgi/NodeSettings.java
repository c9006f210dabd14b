package io.spore.core.osgi;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.core.NodeContext;
import io.spore.core.metatype.SettingsDescription;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The core's settings ({@link SporeProperties}' core group), read whole from one source, so that a source with a
 * setting that cannot be read is refused before anything is applied.
 *
 * @param name          the node's name
 * @param workers       the scheduler's worker threads
 * @param throughput    messages a process handles per turn
 * @param mailboxLimit  the default mailbox limit for messages from other nodes
 * @param remoteSpawn   whether other nodes may spawn processes here (the one setting that changes live)
 * @param exposeEnv     whether this node's remote spawns carry the environment
 * @param stateDir      the state folder, or {@code null} for none
 */
record NodeSettings(NodeName name, int workers, int throughput, int mailboxLimit, boolean remoteSpawn,
                    boolean exposeEnv, Path stateDir) {
    /** What consoles show of the configuration {@value NodeConfiguration#PID}: the settings {@link #read} reads. */
    static final SettingsDescription DESCRIPTION = new SettingsDescription(NodeConfiguration.PID, "Spore node",
        "The node's settings, over the framework properties of the same names. spore.remote.spawn applies at once;"
            + " the others apply when the node starts again (a change to one is logged at WARN).",
        List.of(SporeProperties.NODE_NAME, SporeProperties.WORKERS, SporeProperties.THROUGHPUT,
            SporeProperties.MAILBOX_LIMIT, SporeProperties.REMOTE_SPAWN, SporeProperties.EXPOSE_ENV_REMOTE_SPAWN,
            SporeProperties.STATE_DIR),
        Set.of(SporeProperties.REMOTE_SPAWN), "A change applies at once.",
        "A change applies when the node starts again.");

    /**
     * Reads every core setting.
     *
     * @throws SporeException naming the first setting that cannot be read
     */
    static NodeSettings read(PropertySource properties) {
        return new NodeSettings(nodeName(properties),
            SporeProperties.WORKERS.read(properties),
            SporeProperties.THROUGHPUT.read(properties),
            SporeProperties.MAILBOX_LIMIT.read(properties),
            SporeProperties.REMOTE_SPAWN.read(properties),
            SporeProperties.EXPOSE_ENV_REMOTE_SPAWN.read(properties),
            SporeProperties.STATE_DIR.read(properties));
    }

    /** The node's starting settings. */
    NodeContext context() {
        return new NodeContext()
            .nodeName(name)
            .workerThreads(workers)
            .throughput(throughput)
            .mailboxLimit(mailboxLimit)
            .remoteSpawnEnabled(remoteSpawn)
            .exposeEnvRemoteSpawn(exposeEnv);
    }

    /**
     * The names of the settings that differ from {@code running} and apply only when the node starts again: all
     * but {@code spore.remote.spawn}, which the node's network changes live.
     */
    List<String> needingRestart(NodeSettings running) {
        List<String> names = new ArrayList<>();
        if (!name.equals(running.name)) {
            names.add(SporeProperties.NODE_NAME.name());
        }
        if (workers != running.workers) {
            names.add(SporeProperties.WORKERS.name());
        }
        if (throughput != running.throughput) {
            names.add(SporeProperties.THROUGHPUT.name());
        }
        if (mailboxLimit != running.mailboxLimit) {
            names.add(SporeProperties.MAILBOX_LIMIT.name());
        }
        if (exposeEnv != running.exposeEnv) {
            // fixed for the node's life: its network has no setter for it
            names.add(SporeProperties.EXPOSE_ENV_REMOTE_SPAWN.name());
        }
        if (!Objects.equals(stateDir, running.stateDir)) {
            names.add(SporeProperties.STATE_DIR.name());
        }
        return names;
    }

    private static NodeName nodeName(PropertySource properties) {
        String text = SporeProperties.NODE_NAME.read(properties);
        try {
            return NodeName.parse(text);
        } catch (SporeException e) {
            throw SporeProperties.NODE_NAME.invalid("'" + text + "' is not a node name (name@host): "
                + e.getMessage());
        }
    }
}
