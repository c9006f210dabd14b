package io.spore.distribution.client;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.DistributionHome;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.distribution.framework.NodeConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * A short-lived node that a client command ({@code spore send}, {@code call}, {@code ping}) joins the cluster as:
 * an {@link FrameworkNode} with only the core and the transport (no deploy folder, shell or Declarative Services),
 * named {@code client-<pid>@<host>} after this JVM's process id, so that two clients on one host never share a
 * name. Closing it leaves cleanly: the transport says goodbye to the nodes it talked to.
 */
final class ClientNode implements AutoCloseable {
    /** The prefix of every client node's name, so nodes and operators can tell clients from servers. */
    static final String NAME_PREFIX = "client-";

    private final FrameworkNode embedded;
    private final Duration startup;

    private ClientNode(FrameworkNode embedded, Duration startup) {
        this.embedded = embedded;
        this.startup = startup;
    }

    /**
     * Starts the client node.
     *
     * @param config the network settings from the command line; the name, bundles and folders are set here
     * @param target the node the client will talk to: a client of a node on this host is itself
     *               {@code @localhost} and receives on loopback only
     * @return the running client node
     * @throws ActionableException when it cannot start, naming why
     */
    static ClientNode join(NodeConfig config, NodeName target) {
        long startNs = System.nanoTime();
        FrameworkNode embedded = FrameworkNode.start(config
            .name(nameFor(target))
            .deployDir(null)
            .workers(1)
            .remoteSpawn(false) // a client hosts nothing for others, so it says so in its handshake
            .bundles(DistributionHome.locate().clientBundles()));
        return new ClientNode(embedded, Duration.ofNanos(System.nanoTime() - startNs));
    }

    /**
     * A client of a node on this host needs no name other hosts can reach; a client of a node elsewhere is named
     * after this host, as that node's own name is after its host.
     */
    static NodeName nameFor(NodeName target) {
        String name = NAME_PREFIX + ProcessHandle.current().pid();
        if (!isLoopback(target.host())) {
            try {
                return new NodeName(name, InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException | SporeException e) {
                // No usable host name: a loopback name still works for nodes that route to us by address.
            }
        }
        return new NodeName(name, "localhost");
    }

    static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.");
    }

    /** @return the client node */
    Node node() {
        return embedded.node();
    }

    /** @return the client's UDP port; empty when its transport did not start */
    Optional<Integer> transportPort() {
        return embedded.transportPort();
    }

    /** @return why the client's transport did not start, when it did not */
    Optional<String> transportError() {
        return embedded.transportError();
    }

    /** @return how long the node took to start, framework and transport included */
    Duration startup() {
        return startup;
    }

    @Override
    public void close() {
        embedded.close();
    }
}
