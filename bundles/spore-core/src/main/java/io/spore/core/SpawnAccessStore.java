package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessEvent;
import io.spore.api.SpawnAccessListener;
import io.spore.api.SporeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Keeps a node's remote-spawn access lists across restarts, in one text file of the node's state folder
 * ({@value #FILE_NAME}), so that a change made over JMX, in the shell or in code is not silently undone by a restart
 * or by redeploying the core bundle. It listens to the access table: every change (not denials) rewrites the file,
 * atomically; at start, {@link #open} presets the table with the file's states before any factory is offered, and
 * a factory offered under a kept name then finds its state instead of its initial one (the rule the table already
 * applies to a bundle redeployed while the node runs).
 *
 * <p>The file holds one line per spawn name, {@code name = disabled | open | node@host,node@host}; names whose
 * factory is absent in this run are kept. To return a name to its bundle's initial list, delete its line while the
 * node is stopped.
 *
 * <p>Threading: the table calls {@link #onSpawnAccessEvent} under its writers' lock, so writes are ordered; reads
 * of the file happen once, in {@link #open}. The spawn path never touches the file.
 */
public final class SpawnAccessStore implements SpawnAccessListener, AutoCloseable {
    /** The file's name in the state folder. */
    public static final String FILE_NAME = "spawn-access.properties";

    private static final System.Logger LOG = System.getLogger(SpawnAccessStore.class.getName());
    private static final String DISABLED = "disabled";
    private static final String OPEN = "open";

    private final SpawnAccessTable access;
    private final NodeName node;
    private final Path file;
    private final Map<Name, SpawnAccessTable.Rule> rules;

    private SpawnAccessStore(SpawnAccessTable access, NodeName node, Path file,
                             Map<Name, SpawnAccessTable.Rule> rules) {
        this.access = access;
        this.node = node;
        this.file = file;
        this.rules = rules;
    }

    /**
     * Reads {@code dir}'s file (if any), presets {@code access} with it, and keeps the file up to date from now on.
     * Call before any factory is offered to the node ({@link SporeNode#keepSpawnAccess} does).
     *
     * @param access the node's access lists, with no factory offered yet
     * @param node   the node's name, for the file's header
     * @param dir    the node's state folder, created at the first change if missing
     * @return the store; {@link #close()} stops keeping the file
     * @throws UncheckedIOException when the file exists but cannot be read
     * @throws SporeException       {@code INVALID_ARGUMENT} naming the line that is not a valid entry
     */
    static SpawnAccessStore open(SpawnAccessTable access, NodeName node, Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Map<Name, SpawnAccessTable.Rule> rules = Files.isRegularFile(file) ? read(file) : new TreeMap<>();
        SpawnAccessStore store = new SpawnAccessStore(access, node, file, rules);
        if (!rules.isEmpty()) {
            access.restore(Map.copyOf(rules));
            LOG.log(Level.INFO, "remote-spawn access of {0} name(s) kept from the last run, from {1}: {2}",
                rules.size(), file, describe(rules));
        }
        access.addListener(store);
        return store;
    }

    @Override
    public void onSpawnAccessEvent(SpawnAccessEvent event) {
        if (event.kind() == SpawnAccessEvent.Kind.DENIED || event.after() == null) {
            return;
        }
        SpawnAccess after = event.after();
        SpawnAccessTable.Rule rule = !after.enabled() ? SpawnAccessTable.Rule.DISABLED
            : after.openToAll() ? SpawnAccessTable.Rule.OPEN
            : new SpawnAccessTable.Rule(true, Set.copyOf(after.allowedNodes()));
        synchronized (rules) {
            if (rule.equals(rules.put(event.name(), rule))) {
                return;
            }
            write();
        }
    }

    @Override
    public void close() {
        access.removeListener(this);
    }

    private void write() {
        StringBuilder text = new StringBuilder()
            .append("# Remote-spawn access of node ").append(node).append(", kept across restarts.\n")
            .append("# Written by the node at every change; edit only while it is stopped.\n")
            .append("# name = disabled | open | node@host,node@host\n");
        rules.forEach((name, rule) -> text.append(name).append(" = ").append(format(rule)).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The change applies all the same; only its survival of a restart is in doubt, and the log says so.
            LOG.log(Level.ERROR, "cannot write " + file + ", so the last remote-spawn access change will not survive"
                + " a restart: " + e);
        }
    }

    private static Map<Name, SpawnAccessTable.Rule> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kept remote-spawn access lists " + file + ": " + e, e);
        }
        Map<Name, SpawnAccessTable.Rule> rules = new TreeMap<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            try {
                if (equals < 1) {
                    throw new IllegalArgumentException("no 'name = value'");
                }
                Name name = Name.of(trimmed.substring(0, equals).strip());
                rules.put(name, parse(trimmed.substring(equals + 1).strip()));
            } catch (RuntimeException e) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, file + " line " + number + " ('"
                    + trimmed + "') is not 'name = disabled | open | node@host,...': " + e.getMessage()
                    + "; fix or delete the line while the node is stopped");
            }
        }
        return rules;
    }

    private static SpawnAccessTable.Rule parse(String value) {
        if (DISABLED.equals(value)) {
            return SpawnAccessTable.Rule.DISABLED;
        }
        if (OPEN.equals(value)) {
            return SpawnAccessTable.Rule.OPEN;
        }
        Set<NodeName> nodes = new LinkedHashSet<>();
        for (String node : value.split(",")) {
            if (!node.isBlank()) {
                nodes.add(NodeName.parse(node.strip()));
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes");
        }
        return new SpawnAccessTable.Rule(true, Set.copyOf(nodes));
    }

    private static String format(SpawnAccessTable.Rule rule) {
        if (!rule.enabled()) {
            return DISABLED;
        }
        if (rule.nodes().isEmpty()) {
            return OPEN;
        }
        return new TreeSet<>(rule.nodes()).stream().map(NodeName::toString).collect(Collectors.joining(","));
    }

    private static String describe(Map<Name, SpawnAccessTable.Rule> rules) {
        return rules.entrySet().stream().map(entry -> entry.getKey() + " " + format(entry.getValue()))
            .collect(Collectors.joining("; "));
    }
}
