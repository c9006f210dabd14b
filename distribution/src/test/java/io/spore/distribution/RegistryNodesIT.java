package io.spore.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.distribution.framework.Folders;
import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-member {@code spore registry} and four {@code spore node --registry} processes that find each other through
 * the registry alone ({@code --discovery registry}: no routes, no name service): they see each other as members and
 * connect; four nodes race for one global name and exactly one wins; a send and a call by global name cross nodes;
 * a group spans the nodes (and holds 10,000 processes); {@code spawnAnywhere} passes over a node that refuses; and a
 * node killed with SIGKILL leaves: its names and memberships go within the session timeout, and the others are told.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class RegistryNodesIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern HOLDER = Pattern.compile("taken: <?([^<>\\s]+@[^<>\\s]+\\.\\d+\\.-?\\d+)>? holds it");
    private static final int GROUP_PER_NODE = 2_500;

    @TempDir
    Path tmp;

    @Test
    void nodesJoinTheRegistryAndShareNamesGroupsAndSpawns() throws Exception {
        int base = 33000 + (int) (ProcessHandle.current().pid() % 300) * 5;
        String members = "localhost:" + base;
        String aeronDir = "/dev/shm/spore-registry-nodes-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = List.of("a@localhost", "b@localhost", "c@localhost", "d@localhost");
        SporeProcess registry = SporeProcess.start(tmp, "registry", "--member-id", "0", "--members", members,
            "--dir", tmp.resolve("member-0").toString(), "--aeron-dir", aeronDir, "--session-timeout", "5s");
        Path clusterJar = TestBundleJar.buildCluster(tmp.resolve("cluster.jar"));
        try (Cluster cluster = new Cluster(tmp.resolve("nodes"))) {
            assertTrue(io.spore.testsupport.Await.until(WAIT, () -> registry.output().contains("is leader")),
                "the registry leads itself: " + registry.output());
            List<ClusterNode> nodes = new ArrayList<>();
            int jmxPort = FreePorts.tcp();
            Path bState = tmp.resolve("b-state");
            for (String name : names) {
                List<String> options = new ArrayList<>(List.of("--registry", members, "--discovery", "registry"));
                if (name.startsWith("b@")) {
                    options.addAll(List.of("--jmx-port", Integer.toString(jmxPort), "--state-dir", bState.toString()));
                }
                nodes.add(cluster.startWith(List.of(clusterJar), name, options.toArray(String[]::new)));
            }
            for (ClusterNode node : nodes) {
                node.awaitUp();
            }
            ClusterNode a = nodes.get(0);
            ClusterNode d = nodes.get(3);

            // Every node sees every node as a member.
            for (ClusterNode node : nodes) {
                assertTrue(node.repeatUntil("spore:members", out -> names.stream().allMatch(out::contains), WAIT),
                    node.name() + " sees the four members: " + node.command("spore:members"));
            }

            // Four nodes race for one name: exactly one wins, the others are told the winner.
            List<String> probes = new ArrayList<>();
            for (ClusterNode node : nodes) {
                probes.add(node.spawn("cluster-probe"));
            }
            String watcher = a.spawn("cluster-probe");
            assertEquals("subscribed", a.call(watcher, "membership"));
            assertEquals("subscribed", a.call(watcher, "subscribe workers"));
            ExecutorService racers = Executors.newFixedThreadPool(nodes.size());
            List<String> answers = new ArrayList<>();
            try {
                List<Future<String>> race = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    ClusterNode node = nodes.get(i);
                    String probe = probes.get(i);
                    race.add(racers.submit(() -> node.call(probe, "global leader")));
                }
                for (Future<String> answer : race) {
                    answers.add(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
            } finally {
                racers.shutdownNow();
            }
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).equals("registered")) {
                    winners.add(i);
                }
            }
            assertEquals(1, winners.size(), "exactly one registration wins: " + answers);
            String winner = probes.get(winners.get(0));
            for (int i = 0; i < answers.size(); i++) {
                if (i != winners.get(0)) {
                    Matcher holder = HOLDER.matcher(answers.get(i));
                    assertTrue(answers.get(i).startsWith("refused NAME_TAKEN") && holder.find(), answers.get(i));
                    assertEquals(winner, holder.group(1), "the loser is told the winner");
                }
            }
            for (ClusterNode node : nodes) {
                assertTrue(node.repeatUntil("spore:globals", out -> out.contains("leader") && out.contains(winner),
                    WAIT), node.name() + " looks the name up: " + node.command("spore:globals"));
            }

            // A send and a call by global name cross nodes (connections made through the registry's discovery).
            int caller = (winners.get(0) + 1) % nodes.size();
            ClusterNode callerNode = nodes.get(caller);
            assertEquals("calling", callerNode.call(probes.get(caller), "callglobal leader hello"));
            callerNode.awaitEvents(probes.get(caller), events -> events.contains("reply echo hello from <" + winner
                + ">"), WAIT);
            assertEquals("sent", callerNode.call(probes.get(caller), "sendglobal leader over there"));
            nodes.get(winners.get(0)).awaitEvents(winner, events -> events.contains("message over there"), WAIT);

            // A group with a member on every node.
            for (int i = 0; i < nodes.size(); i++) {
                assertEquals("joined", nodes.get(i).call(probes.get(i), "join workers"));
            }
            assertTrue(a.repeatUntil("spore:groups", out -> out.matches("(?s).*workers +4 +1.*"), WAIT),
                a.command("spore:groups"));
            a.awaitEvents(watcher, events -> probes.stream().allMatch(p -> events.contains("+workers <" + p + ">")),
                WAIT);

            // The same view over JMX, through b's remote connector.
            try (JmxClient jmx = JmxClient.connect(jmxPort, "monitorRole", JmxClient.password(bState, "monitorRole"))) {
                ObjectName bean = JmxClient.name("Cluster", "b@localhost");
                assertEquals(true, jmx.connection().getAttribute(bean, "RegistryAvailable"));
                TabularData memberRows = (TabularData) jmx.connection().getAttribute(bean, "Members");
                assertEquals(4, memberRows.size(), memberRows.toString());
                assertEquals("<" + winner + ">", ((TabularData) jmx.connection().getAttribute(bean, "GlobalNames"))
                    .get(new Object[] {"leader"}).get("pid"), "the winner, over JMX");
                // b reads groups from its own replica, which hears of the last join after a's may have.
                CompositeData[] workers = {null};
                assertTrue(io.spore.testsupport.Await.until(WAIT, () -> {
                    try {
                        workers[0] = ((TabularData) jmx.connection().getAttribute(bean, "Groups"))
                            .get(new Object[] {"workers"});
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return workers[0] != null && Integer.valueOf(4).equals(workers[0].get("members"));
                }), () -> "b's replica has the four workers: " + workers[0]);
                assertEquals(1, workers[0].get("localMembers"));
            }

            // spawnAnywhere: a and b offer nothing, c refuses a, d allows.
            a.command("spore:disable-spawn cluster-probe");
            nodes.get(1).command("spore:disable-spawn cluster-probe");
            nodes.get(2).command("spore:enable-spawn cluster-probe x@localhost");
            assertTrue(a.repeatUntil("spore:members", out -> offers(out, "a@localhost", false)
                && offers(out, "b@localhost", false) && offers(out, "c@localhost", true)
                && offers(out, "d@localhost", true), WAIT), a.command("spore:members"));
            for (int i = 0; i < 4; i++) {
                String spawned = a.call(probes.get(0), "spawnanywhere cluster-probe");
                assertTrue(spawned.startsWith("spawned <d@localhost."), "c refuses a, so d: " + spawned);
            }

            // 10,000 processes in one group, 2,500 on each node.
            long fillStartMs = System.currentTimeMillis();
            for (int i = 0; i < nodes.size(); i++) {
                assertEquals("filling", nodes.get(i).call(probes.get(i), "fill big " + GROUP_PER_NODE));
            }
            for (int i = 0; i < nodes.size(); i++) {
                nodes.get(i).awaitEvents(probes.get(i), events -> events.contains("filled " + GROUP_PER_NODE),
                    Duration.ofSeconds(180));
            }
            int total = GROUP_PER_NODE * nodes.size();
            assertTrue(a.repeatUntil("spore:groups", out -> out.matches("(?s).*big +" + total + " +"
                + GROUP_PER_NODE + ".*"), WAIT), a.command("spore:groups"));
            System.out.println("RegistryNodesIT: a group of " + total + " processes on " + nodes.size() + " nodes,"
                + " seen whole on a@localhost after " + (System.currentTimeMillis() - fillStartMs) + " ms");

            // d is killed: its members and names go within the session timeout, and a's watcher is told.
            assertEquals("registered", d.call(probes.get(3), "global d-only"));
            assertTrue(a.repeatUntil("spore:globals", out -> out.contains("d-only"), WAIT));
            long killedMs = System.currentTimeMillis();
            d.kill();
            assertTrue(a.repeatUntil("spore:groups", out -> out.matches("(?s).*workers +3 +1.*")
                && out.matches("(?s).*big +" + (total - GROUP_PER_NODE) + " .*"), WAIT), a.command("spore:groups"));
            assertTrue(a.repeatUntil("spore:globals", out -> !out.contains("d-only")
                && (winners.get(0) != 3 || !out.contains("leader")), WAIT), a.command("spore:globals"));
            a.awaitEvents(watcher, events -> events.contains("left d@localhost")
                && events.contains("-workers <" + probes.get(3) + ">"), WAIT);
            assertTrue(a.repeatUntil("spore:members", out -> !out.contains("d@localhost"), WAIT));
            System.out.println("RegistryNodesIT: d@localhost's names and memberships gone "
                + (System.currentTimeMillis() - killedMs) + " ms after SIGKILL (session timeout 5 s)");
        } finally {
            registry.close();
            Folders.deleteTree(Path.of(aeronDir));
        }
    }

    @Test
    void aNodeStartsWithoutItsRegistryAndJoinsWhenItComes() throws Exception {
        int base = 34500 + (int) (ProcessHandle.current().pid() % 300) * 5;
        String members = "localhost:" + base;
        String aeronDir = "/dev/shm/spore-registry-late-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path clusterJar = TestBundleJar.buildCluster(tmp.resolve("cluster.jar"));
        SporeProcess registry = null;
        try (Cluster cluster = new Cluster(tmp.resolve("nodes"))) {
            ClusterNode lone = cluster.startWith(List.of(clusterJar), "lone@localhost", "--registry", members)
                .awaitUp();
            String probe = lone.spawn("cluster-probe");
            String[] refused = {""};
            assertTrue(lone.repeatUntil("spore:call " + probe + " global early", out -> (refused[0] = out)
                .startsWith("refused REGISTRY_UNAVAILABLE: cannot reach the registry at " + members), WAIT),
                "a write fails at once, saying why: " + refused[0]);
            assertTrue(refused[0].endsWith("(cluster connect timeout); still trying"), refused[0]);
            assertEquals(1, count(lone.process().output(), "ClientAgent: cannot reach the registry at " + members),
                "one line in the log: " + lone.process().output());
            assertTrue(lone.command("spore:members").startsWith("no members"), lone.command("spore:members"));

            registry = SporeProcess.start(tmp, "registry", "--member-id", "0", "--members", members,
                "--dir", tmp.resolve("member-0").toString(), "--aeron-dir", aeronDir);
            assertTrue(lone.repeatUntil("spore:call " + probe + " global early", "registered"::equals, WAIT),
                "the node joins by itself once the registry runs: " + lone.process().output());
            assertTrue(lone.repeatUntil("spore:globals", out -> out.contains("early"), WAIT));
        } finally {
            if (registry != null) {
                registry.close();
            }
            Folders.deleteTree(Path.of(aeronDir));
        }
    }

    @Test
    void aNodeCutOffFromTheRegistrysMajoritySaysWhyAndRunsOn() throws Exception {
        int base = 36000 + (int) (ProcessHandle.current().pid() % 300) * 20;
        String members = "localhost:" + base + ",localhost:" + (base + 5) + ",localhost:" + (base + 10);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path clusterJar = TestBundleJar.buildCluster(tmp.resolve("cluster.jar"));
        List<SporeProcess> registry = new ArrayList<>();
        try (Cluster cluster = new Cluster(tmp.resolve("nodes"))) {
            for (int id = 0; id < 3; id++) {
                registry.add(SporeProcess.start(tmp, "registry", "--member-id", String.valueOf(id), "--members",
                    members, "--dir", tmp.resolve("member-" + id).toString(), "--aeron-dir",
                    "/dev/shm/spore-registry-cut-it-" + tag + "-" + id, "--leader-timeout", "2s"));
            }
            int[] leader = {-1};
            assertTrue(io.spore.testsupport.Await.until(WAIT, () -> {
                for (int id = 0; id < 3; id++) {
                    if (registry.get(id).output().contains("registry member " + id + " is leader")) {
                        leader[0] = id;
                    }
                }
                return leader[0] >= 0;
            }), "a leader is elected");
            ClusterNode node = cluster.startWith(List.of(clusterJar), "m@localhost", "--registry", members).awaitUp();
            String probe = node.spawn("cluster-probe");
            assertTrue(node.repeatUntil("spore:call " + probe + " global before", "registered"::equals, WAIT),
                node.process().output());

            // The two followers die: the leader runs on, but without a majority nothing is decided.
            for (int id = 0; id < 3; id++) {
                if (id != leader[0]) {
                    assertTrue(registry.get(id).killLeavingFiles(Duration.ofSeconds(10)));
                }
            }
            assertEquals("registering", node.call(probe, "globallater after"));
            String events = node.awaitEvents(probe, e -> e.contains("after refused"), WAIT);
            assertTrue(events.contains("after refused REGISTRY_UNAVAILABLE: no answer from the registry within 10 s:"
                + " cut off from a majority of " + members + "?")
                || events.contains("after refused REGISTRY_UNAVAILABLE: cannot reach the registry at " + members),
                events);
            System.out.println("RegistryNodesIT: cut off from the majority: "
                + events.substring(events.indexOf("after refused")));

            // Its own processes, and what its replica knows, are untouched.
            String other = node.spawn("cluster-probe");
            assertTrue(node.call(other, "hello").startsWith("echo hello from"));
            assertTrue(node.command("spore:globals").contains("before"), node.command("spore:globals"));
        } finally {
            registry.forEach(SporeProcess::close);
            for (int id = 0; id < 3; id++) {
                Folders.deleteTree(Path.of("/dev/shm/spore-registry-cut-it-" + tag + "-" + id));
            }
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** Whether the {@code spore:members} row of {@code node} lists cluster-probe among its spawn names. */
    private static boolean offers(String members, String node, boolean offered) {
        for (String line : members.split("\\R")) {
            if (line.startsWith(node + " ")) {
                return line.contains("cluster-probe") == offered;
            }
        }
        return false;
    }
}
