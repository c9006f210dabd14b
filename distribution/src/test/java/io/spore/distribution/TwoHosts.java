package io.spore.distribution;

import io.spore.testsupport.NamespacePair;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Two nodes, {@code a} and {@code b}, on two network hosts: each in a network namespace of its own joined by a veth
 * pair ({@link NamespacePair}), bound to its veth address and reaching the other through a static route, since each
 * namespace has its own name service on its own loopback. Skips the test, saying why, where {@code ip netns add} is
 * refused. {@link #close()} stops the nodes and deletes the namespaces.
 */
final class TwoHosts implements AutoCloseable {
    final NamespacePair hosts;
    final Cluster cluster;
    final ClusterNode a;
    final ClusterNode b;

    private TwoHosts(NamespacePair hosts, Cluster cluster, ClusterNode a, ClusterNode b) {
        this.hosts = hosts;
        this.cluster = cluster;
        this.a = a;
        this.b = b;
    }

    /**
     * @param tag    keeps this test's namespaces apart from others'
     * @param subnet the third octet of the test's private /24, distinct per test class
     * @param port   the UDP port both nodes listen on
     * @return both nodes, up
     */
    static TwoHosts start(Path tmp, String tag, int subnet, int port) throws Exception {
        StringBuilder whyNot = new StringBuilder();
        NamespacePair hosts = NamespacePair.create(tag, subnet, whyNot);
        Assumptions.assumeTrue(hosts != null, "skipped: this test needs 'ip netns add' (root, or CAP_NET_ADMIN"
            + " and CAP_SYS_ADMIN), which failed here: " + whyNot);
        Cluster cluster = null;
        try {
            cluster = new Cluster(tmp);
            String nameA = "a@" + hosts.addressA;
            String nameB = "b@" + hosts.addressB;
            ClusterNode a = cluster.start(NamespacePair.in(hosts.nsA), nameA, "--bind", hosts.addressA, "--port",
                Integer.toString(port), "--route", nameB + "=" + hosts.addressB + ":" + port);
            ClusterNode b = cluster.start(NamespacePair.in(hosts.nsB), nameB, "--bind", hosts.addressB, "--port",
                Integer.toString(port), "--route", nameA + "=" + hosts.addressA + ":" + port);
            a.awaitUp();
            b.awaitUp();
            return new TwoHosts(hosts, cluster, a, b);
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            }
            hosts.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        cluster.close();
        hosts.close();
    }
}
