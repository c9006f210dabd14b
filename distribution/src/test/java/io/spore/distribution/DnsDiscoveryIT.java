package io.spore.distribution;

import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real nodes whose only way to find each other is DNS ({@code --discovery dns}): a real dnsmasq on loopback
 * serves an SRV record per node and an A record per target. Each node has its own name service, so none can find
 * another through it. They call each other, each logs the three members the SRV records list, and a record removed
 * from the zone shows as a node that left.
 */
@Timeout(240)
class DnsDiscoveryIT {
    private static final String SERVICE = "_spore._udp." + Dnsmasq.DOMAIN;
    private static final List<String> HOSTS = List.of("a", "b", "c");

    @TempDir
    Path tmp;

    private final List<Cluster> clusters = new ArrayList<>();
    private Dnsmasq dns;

    @AfterEach
    void stop() {
        clusters.forEach(Cluster::close);
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void nodesFoundOnlyThroughDnsTalkAndALeavingRecordIsSeen() throws Exception {
        Assumptions.assumeTrue(Dnsmasq.binary().isPresent(), "dnsmasq is not installed (Debian's dnsmasq-base;"
            + " .ci/run installs it): the DNS discovery test is skipped");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            ports.add(FreePorts.udp());
        }
        dns = Dnsmasq.start(Dnsmasq.binary().get(), Files.createDirectories(tmp.resolve("dns")), FreePorts.tcp(),
            records(3, ports));
        Path cookie = Cluster.writeCookie(tmp.resolve("cookie"));
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            // A cluster of its own per node: its own name service port, so only DNS can find the others.
            Cluster cluster = new Cluster(tmp.resolve(HOSTS.get(i)), cookie, FreePorts.tcp());
            clusters.add(cluster);
            nodes.add(cluster.start(node(i), "--port", Integer.toString(ports.get(i)), "--bind", "127.0.0.1",
                "--discovery", "dns", "--dns-service", SERVICE, "--dns-server", dns.server(),
                "--dns-node-name", "worker"));
        }
        for (ClusterNode node : nodes) {
            node.awaitUp();
        }
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        ClusterNode c = nodes.get(2);

        String echoB = b.spawn("echo");
        String echoA = a.spawn("echo");
        String echoC = c.spawn("echo");
        assertEquals("found by dns", a.call(echoB, "found by dns"), a.process().output());
        assertEquals("found by dns too", c.call(echoA, "found by dns too"), c.process().output());
        for (int i = 0; i < HOSTS.size(); i++) {
            a.awaitOutput(node(i) + " joined (discovery dns)", 0);
        }

        // c's record leaves the zone: a sees it leave at its next reading.
        int mark = a.mark();
        dns.restart(records(2, ports));
        a.awaitOutput(node(2) + " left (discovery dns)", mark);
        // b never met c, and DNS no longer knows it: b's call fails, and b says what it asked.
        int markB = b.mark();
        String refused = b.call(echoC, "where-are-you");
        assertTrue(refused.startsWith("call failed"), refused);
        b.awaitOutput("cannot connect to " + node(2) + ": no discovery provider knows " + node(2) + " (asked dns)",
            markB);
    }

    private static String node(int i) {
        return "worker@" + HOSTS.get(i) + "." + Dnsmasq.DOMAIN;
    }

    /** An SRV record and an A record (loopback) for each of the first {@code count} nodes. */
    private static List<String> records(int count, List<Integer> ports) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String target = HOSTS.get(i) + "." + Dnsmasq.DOMAIN;
            records.add("srv-host=" + SERVICE + "," + target + "," + ports.get(i) + ",0,0");
            records.add("host-record=" + target + ",127.0.0.1");
        }
        return records;
    }
}
