package io.spore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-member registry takes a snapshot, is stopped, and starts again from its folder: it loads the snapshot
 * (which {@link io.spore.registry.service.SnapshotLoader} only accepts whole) and continues the state's numbering;
 * the node that was connected joins again and registers what it held again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistrySnapshotTest {
    @TempDir
    File dir;

    @Test
    void aRestartedMemberLoadsItsSnapshot() throws Exception {
        try (TestRegistryCluster cluster = new TestRegistryCluster(1, dir)) {
            cluster.awaitLeader(20_000);
            RegistryNode node = new RegistryNode(NodeName.parse("keeper@localhost"), 1, List.of(), List.of());
            RegistryClient keeper = cluster.client(node);
            try {
                for (int i = 0; i < 20; i++) {
                    Pid pid = new Pid(node.node(), i + 1, 1);
                    assertTrue(keeper.registerGlobal("kept-" + i, pid).get(10, TimeUnit.SECONDS).isOk());
                    assertTrue(keeper.joinGroup("kept", pid).get(10, TimeUnit.SECONDS).isOk());
                }
                long deadline = System.currentTimeMillis() + 20_000;
                while (cluster.running[0].snapshotsTaken() == 0) {
                    cluster.running[0].requestSnapshot();
                    assertTrue(System.currentTimeMillis() < deadline, "no snapshot within 20 s");
                    Thread.sleep(50);
                }
                cluster.stop(0);
                cluster.start(0);
                cluster.awaitLeader(20_000);
                assertTrue(cluster.running[0].loadedSnapshot(), "the member started from its snapshot");
                // The keeper's session does not survive the restart of the whole (one-member) cluster: its node
                // leaves, as any node whose session ends, and its client joins again through a new session and
                // registers its names and memberships again.
                try (RegistryClient checker = cluster.client(
                    new RegistryNode(NodeName.parse("checker@localhost"), 1, List.of(), List.of()))) {
                    assertTrue(checker.viewVersion() >= 41, "the restored state's numbering goes on");
                    long until = System.currentTimeMillis() + 30_000;
                    while (checker.members("kept").size() < 20 || checker.whereis("kept-19") == null) {
                        assertTrue(System.currentTimeMillis() < until, "the keeper registered again within 30 s");
                        Thread.sleep(20);
                    }
                    for (int i = 0; i < 20; i++) {
                        assertEquals(new Pid(node.node(), i + 1, 1), checker.whereis("kept-" + i));
                    }
                }
            } finally {
                keeper.close();
            }
        }
    }
}
