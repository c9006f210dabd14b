package io.spore.distribution;

import io.spore.api.NodeName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EmbeddedNode} is told before it starts: fluent setters, then {@link #conclude()}, which validates,
 * fills the defaults and creates the deploy folder. Not thread-safe; hand it to one node and leave it.
 */
public final class NodeConfig {
    /** Deploy folder when none is given, relative to the working directory. */
    public static final Path DEFAULT_DEPLOY_DIR = Path.of("deploy");
    /** How often FileInstall looks at the deploy folder, in milliseconds. */
    public static final long DEFAULT_DEPLOY_POLL_MS = 500;

    private NodeName name;
    private Path deployDir = DEFAULT_DEPLOY_DIR;
    private long deployPollMs = DEFAULT_DEPLOY_POLL_MS;
    private Path dataDir;
    private Integer workers;
    private List<Path> bundles = List.of();
    private Path consoleBundle;
    private boolean verbose;
    private boolean concluded;

    /** @param name the node's name; required */
    public NodeConfig name(NodeName name) {
        this.name = name;
        return this;
    }

    /** @param deployDir the folder FileInstall watches for bundles; created if missing */
    public NodeConfig deployDir(Path deployDir) {
        this.deployDir = deployDir;
        return this;
    }

    /** @param deployPollMs how often the deploy folder is scanned, in milliseconds */
    public NodeConfig deployPollMs(long deployPollMs) {
        this.deployPollMs = deployPollMs;
        return this;
    }

    /**
     * @param dataDir where the framework keeps its cache, cleaned at start and kept after stop; {@code null} for a
     *                temporary folder removed at stop
     */
    public NodeConfig dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** @param workers the scheduler's worker threads, or {@code null} for the core's default (the cores) */
    public NodeConfig workers(Integer workers) {
        this.workers = workers;
        return this;
    }

    /** @param bundles the bundle jars to install and start, in order; the core must be among them */
    public NodeConfig bundles(List<Path> bundles) {
        this.bundles = List.copyOf(bundles);
        return this;
    }

    /** @param consoleBundle the Gogo shell jar, started by {@link EmbeddedNode#openConsole()}; or {@code null} */
    public NodeConfig consoleBundle(Path consoleBundle) {
        this.consoleBundle = consoleBundle;
        return this;
    }

    /** @param verbose whether Felix and FileInstall log beyond errors */
    public NodeConfig verbose(boolean verbose) {
        this.verbose = verbose;
        return this;
    }

    /**
     * Validates, makes paths absolute and creates the deploy folder. Idempotent.
     *
     * @return this
     * @throws LaunchException naming what is missing or wrong
     */
    public NodeConfig conclude() {
        if (concluded) {
            return this;
        }
        if (name == null) {
            throw new LaunchException("a node needs a name, for example demo@localhost");
        }
        if (workers != null && workers < 1) {
            throw new LaunchException("workers must be at least 1, not " + workers);
        }
        if (deployPollMs < 1) {
            throw new LaunchException("the deploy poll interval must be at least 1 ms, not " + deployPollMs);
        }
        if (bundles.isEmpty()) {
            throw new LaunchException("a node needs bundles to install, at least the core");
        }
        for (Path bundle : bundles) {
            requireFile(bundle);
        }
        if (consoleBundle != null) {
            requireFile(consoleBundle);
        }
        Objects.requireNonNull(deployDir, "deployDir");
        deployDir = deployDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(deployDir);
        } catch (IOException e) {
            throw new LaunchException("cannot create the deploy folder " + deployDir + ": " + e, e);
        }
        if (dataDir != null) {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        concluded = true;
        return this;
    }

    private static void requireFile(Path bundle) {
        if (!Files.isRegularFile(bundle)) {
            throw new LaunchException("bundle " + bundle + " does not exist: rebuild the distribution");
        }
    }

    /** @return the node's name */
    public NodeName name() {
        return name;
    }

    /** @return the deploy folder, absolute after {@link #conclude()} */
    public Path deployDir() {
        return deployDir;
    }

    /** @return the deploy folder's scan interval in milliseconds */
    public long deployPollMs() {
        return deployPollMs;
    }

    /** @return the data folder, or {@code null} for a temporary one */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the worker count, or {@code null} for the core's default */
    public Integer workers() {
        return workers;
    }

    /** @return the bundles to install, in order */
    public List<Path> bundles() {
        return bundles;
    }

    /** @return the Gogo shell jar, or {@code null} for a node without a console */
    public Path consoleBundle() {
        return consoleBundle;
    }

    /** @return whether to log beyond errors */
    public boolean verbose() {
        return verbose;
    }
}
