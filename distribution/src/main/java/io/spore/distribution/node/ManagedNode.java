package io.spore.distribution.node;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.ProcessOptions;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.launcher.HostPort;
import io.spore.launcher.NodeAgent;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * A node started by a creator's node manager ({@code spore node --manager ADDR:PORT}): what the creator's requests do
 * to the {@link FrameworkNode}. Ping checks the node runs; {@code close} stops it as Ctrl-C would; a non-detached
 * node whose creator is gone stops at once and its JVM ends within {@link #CREATOR_GONE_HALT_MS} ms whatever is
 * still stopping. Bundles come only from creators the node's own {@code --allow-bundle-install} lists, and every
 * installation (and refusal) is logged.
 */
final class ManagedNode implements NodeAgent.Node {
    /** After its creator is gone, a non-detached node's JVM ends within this time, stopped cleanly or not. */
    static final long CREATOR_GONE_HALT_MS = 500;
    private static final System.Logger LOG = System.getLogger("io.spore.launcher.node");

    private final FrameworkNode embedded;
    private final PrintWriter out;
    private final Runnable stop;

    private ManagedNode(FrameworkNode embedded, PrintWriter out, Runnable stop) {
        this.embedded = embedded;
        this.out = out;
        this.stop = stop;
    }

    /**
     * Connects the running node back to its creator.
     *
     * @param stop stops the node and says so (what Ctrl-C does)
     * @return the agent serving the creator's requests
     * @throws io.spore.launcher.LaunchException when the creator cannot be reached, does not prove the token, speaks
     *                                           another protocol version or turns the node away
     */
    static NodeAgent attach(FrameworkNode embedded, HostPort manager, String token, boolean detached,
                            Set<String> allowInstall, PrintWriter out, Runnable stop) {
        ManagedNode managed = new ManagedNode(embedded, out, stop);
        NodeAgent agent = NodeAgent.connect(manager, token, embedded.node().name().toString(),
            embedded.transportPort().orElse(null), detached, allowInstall, managed,
            line -> LOG.log(System.Logger.Level.INFO, line));
        agent.watchStandardInput(System.in);
        return agent;
    }

    @Override
    public void ping() {
        if (!embedded.isRunning()) {
            throw new IllegalStateException("node " + embedded.node().name() + " is stopping");
        }
        embedded.node().stats();
    }

    @Override
    public String installBundle(String fileName, byte[] jar, String requester) {
        String location = "spore-shipped:" + requester + "/" + fileName;
        try {
            Bundle existing = embedded.bundleContext().getBundle(location);
            Bundle bundle;
            if (existing != null) {
                existing.update(new ByteArrayInputStream(jar));
                bundle = existing;
            } else {
                bundle = embedded.bundleContext().installBundle(location, new ByteArrayInputStream(jar));
            }
            bundle.start();
            return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " (id " + bundle.getBundleId()
                + ") " + (existing != null ? "updated" : "installed") + " and started on " + embedded.node().name();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "installing bundle " + fileName + " from " + requester + " failed: "
                + e.getMessage());
            throw new IllegalStateException("cannot install " + fileName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> factories() {
        return embedded.node().factories().stream().map(Name::toString).sorted().toList();
    }

    @Override
    public String spawnRegister(String factory, String register) {
        Node node = embedded.node();
        return node.spawnRegister(Name.of(register), Name.of(factory), ProcessOptions.DEFAULTS).toString();
    }

    @Override
    public void shutdown() {
        Thread stopper = new Thread(stop, "spore-managed-close");
        stopper.start();
    }

    @Override
    public void creatorGone(String reason) {
        synchronized (out) {
            out.println("node " + embedded.node().name() + ": its creator is gone (" + reason + "), so it stops");
            out.flush();
        }
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(CREATOR_GONE_HALT_MS);
            } catch (InterruptedException e) {
                // Halt at once then.
            }
            // No orphans: whatever is still stopping, the JVM ends now.
            Runtime.getRuntime().halt(0);
        }, "spore-creator-gone-halt");
        halt.setDaemon(true);
        halt.start();
        new Thread(stop, "spore-creator-gone").start();
    }

    /** @return the allow list given on the command line, as a set */
    static Set<String> allowList(List<String> names) {
        return names == null ? Set.of() : Set.copyOf(names);
    }
}
