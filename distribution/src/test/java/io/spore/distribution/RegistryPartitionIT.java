package io.spore.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.distribution.framework.Folders;
import io.spore.testsupport.Await;
import io.spore.testsupport.NamespacePair;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry split by a network partition, on two network hosts ({@link NamespacePair}): members 0 and 1 and nodes
 * {@code a} and {@code a2} on host A, member 2 and nodes {@code b} and {@code b2} on host B, every node with
 * {@code --registry} and
 * {@code --discovery registry}. The veth pair between the hosts is cut ({@code iptables} drops everything on both
 * ends), then healed:
 * <ul>
 *   <li>the majority (A) keeps a leader and takes registrations; it sees the minority's nodes leave once their
 *       sessions time out, and their global names go with them;</li>
 *   <li>the minority (B) cannot register a global name and says why ({@code REGISTRY_UNAVAILABLE}, naming the
 *       registry it cannot reach), while its nodes keep their local processes and the connection between them;</li>
 *   <li>after the heal, B's nodes join again and register their names again, member 2 catches up with the log (its
 *       commit position and name count reach the leader's in {@code spore registry status}), and B registers
 *       again.</li>
 * </ul>
 * Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and {@code iptables}; skipped, saying why, where either is missing.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class RegistryPartitionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int NODE_PORT = 40520;

    @TempDir
    Path tmp;

    @Test
    void theMajorityServesTheMinorityWaitsAndTheHealCatchesUp() throws Exception {
        StringBuilder whyNot = new StringBuilder();
        NamespacePair hosts = NamespacePair.create("rp", 79, whyNot);
        Assumptions.assumeTrue(hosts != null, "skipped: this test needs 'ip netns add' (root, or CAP_NET_ADMIN and"
            + " CAP_SYS_ADMIN), which failed here: " + whyNot);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<SporeProcess> members = new ArrayList<>();
        try {
            String noFaults = hosts.whyNoFaults();
            Assumptions.assumeTrue(noFaults == null, "skipped: this test cuts the link with iptables: " + noFaults);
            int base = 36000;
            String memberList = hosts.addressA + ":" + base + "," + hosts.addressA + ":" + (base + 10) + ","
                + hosts.addressB + ":" + base;
            String[] hostOf = {hosts.nsA, hosts.nsA, hosts.nsB};
            for (int id = 0; id < 3; id++) {
                members.add(SporeProcess.start(tmp, NamespacePair.in(hostOf[id]), "registry", "--member-id",
                    String.valueOf(id), "--members", memberList, "--dir", tmp.resolve("member-" + id).toString(),
                    "--aeron-dir", "/dev/shm/spore-partition-it-" + tag + "-" + id, "--leader-timeout", "2s",
                    "--session-timeout", "3s"));
            }
            assertTrue(Await.until(WAIT, () -> members.stream().anyMatch(m -> m.output().contains(" is leader"))),
                "a leader is elected: " + members.get(0).output());
            Path clusterJar = TestBundleJar.buildCluster(tmp.resolve("cluster.jar"));
            try (Cluster cluster = new Cluster(tmp.resolve("nodes"))) {
                ClusterNode a = start(cluster, clusterJar, hosts.nsA, "a@" + hosts.addressA, hosts.addressA,
                    memberList);
                ClusterNode b = start(cluster, clusterJar, hosts.nsB, "b@" + hosts.addressB, hosts.addressB,
                    memberList);
                ClusterNode a2 = start(cluster, clusterJar, hosts.nsA, "a2@" + hosts.addressA, hosts.addressA,
                    memberList, NODE_PORT + 1);
                ClusterNode b2 = start(cluster, clusterJar, hosts.nsB, "b2@" + hosts.addressB, hosts.addressB,
                    memberList, NODE_PORT + 1);
                List<ClusterNode> all = List.of(a, a2, b, b2);
                for (ClusterNode node : all) {
                    node.awaitUp();
                }
                for (ClusterNode node : all) {
                    assertTrue(node.repeatUntil("spore:members",
                        out -> all.stream().allMatch(n -> out.contains(n.name())), WAIT),
                        node.name() + " sees the four members: " + node.command("spore:members"));
                }
                String watcher = a.spawn("cluster-probe");
                assertEquals("subscribed", a.call(watcher, "membership"));
                String probeA = a.spawn("cluster-probe");
                String probeB = b.spawn("cluster-probe");
                assertEquals("registered", b.call(probeB, "global held-by-b"));
                String echoB2 = b2.spawn("echo");
                assertEquals("before", b.call(echoB2, "before"), "b reaches b2: " + b.process().output());

                hosts.cut();

                // The majority: a registers (after a new election if the leader was member 2) ...
                assertTrue(a.repeatUntil("spore:call " + probeA + " global during-cut",
                    out -> out.contains("registered"), WAIT), "the majority side registers: " + a.process().output());
                // ... and sees B's nodes leave when their sessions time out, their names with them.
                a.awaitEvents(watcher, events -> events.contains("left " + b.name())
                    && events.contains("left " + b2.name()), WAIT);
                assertTrue(a.repeatUntil("spore:globals", out -> out.contains("during-cut")
                    && !out.contains("held-by-b"), WAIT), a.command("spore:globals"));
                String echoA2 = a2.spawn("echo");
                assertEquals("majority", a.call(echoA2, "majority"), "a still reaches a2: " + a.process().output());

                // The minority: no registration, and the answer says why ...
                b.send(probeB, "global during-cut-b");
                String refused = b.awaitEvents(probeB, events -> events.contains("global during-cut-b "), WAIT);
                // (either "cannot reach the registry at MEMBERS" once the session is lost, or "no answer from the
                // registry within 10 s: cut off from a majority of MEMBERS?" before that)
                assertTrue(refused.contains("global during-cut-b refused REGISTRY_UNAVAILABLE")
                    && refused.contains(memberList), refused);
                // ... while its nodes keep their processes and the connection between them.
                String echoB = b.spawn("echo");
                assertEquals("local", b.call(echoB, "local"));
                assertEquals("during", b.call(echoB2, "during"), "b still reaches b2: " + b.process().output());

                hosts.heal();

                // B's nodes join again (a is told) and register their names again; B registers anew.
                a.awaitEvents(watcher, events -> occurrences(events, "joined " + b.name()) >= 2
                    && occurrences(events, "joined " + b2.name()) >= 2, WAIT);
                assertTrue(a.repeatUntil("spore:globals", out -> out.contains("held-by-b"), WAIT),
                    "b's name is back: " + a.command("spore:globals"));
                assertTrue(b.repeatUntil("spore:call " + probeB + " global after-heal",
                    out -> out.contains("registered"), WAIT), b.process().output());
                assertTrue(b.repeatUntil("spore:globals", out -> out.contains("during-cut"), WAIT),
                    "b's replica has what the majority did meanwhile: " + b.command("spore:globals"));
                awaitMemberCaughtUp(2, hosts.nsB, hosts.nsA);
            }
        } finally {
            members.forEach(SporeProcess::close);
            for (int id = 0; id < 3; id++) {
                Folders.deleteTree(Path.of("/dev/shm/spore-partition-it-" + tag + "-" + id));
            }
            hosts.close();
        }
    }

    private ClusterNode start(Cluster cluster, Path clusterJar, String ns, String name, String address,
                              String memberList) throws Exception {
        return start(cluster, clusterJar, ns, name, address, memberList, NODE_PORT);
    }

    private ClusterNode start(Cluster cluster, Path clusterJar, String ns, String name, String address,
                              String memberList, int port) throws Exception {
        return cluster.startWith(NamespacePair.in(ns), List.of(clusterJar), name, "--bind", address, "--port",
            Integer.toString(port), "--registry", memberList, "--discovery", "registry");
    }

    /**
     * Waits until member {@code id}, on host {@code ns}, has applied the log up to where the leader (read on host
     * {@code leaderNs}) had committed, with as many names. {@code spore registry status} runs on each member's host:
     * it reaches a member's JVM through that host's loopback.
     */
    private void awaitMemberCaughtUp(int id, String ns, String leaderNs) throws Exception {
        Pattern row = Pattern.compile("(?m)^(\\d+)\\s+(\\w+)\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(\\d+)");
        String[] last = {""};
        long[] leader = new long[2];
        assertTrue(Await.until(WAIT, () -> {
            Matcher m = row.matcher(last[0] = status(leaderNs));
            while (m.find()) {
                if (m.group(2).equals("leader")) {
                    leader[0] = Long.parseLong(m.group(3));
                    leader[1] = Long.parseLong(m.group(4));
                    return true;
                }
            }
            return false;
        }), "the majority's host shows its leader: " + last[0]);
        boolean caughtUp = Await.until(WAIT, () -> {
            Matcher m = row.matcher(last[0] = status(ns));
            while (m.find()) {
                if (Integer.parseInt(m.group(1)) == id) {
                    return Long.parseLong(m.group(3)) >= leader[0] && Long.parseLong(m.group(4)) == leader[1];
                }
            }
            return false;
        });
        assertTrue(caughtUp, "member " + id + " reaches the leader's commit position " + leader[0] + " and its "
            + leader[1] + " names: " + last[0]);
    }

    private String status(String ns) {
        try (SporeProcess status = SporeProcess.start(tmp, NamespacePair.in(ns), "registry", "status")) {
            status.awaitExit(Duration.ofSeconds(30));
            return status.output();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
