package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.NodeName;
import io.spore.api.ProcessBehavior;
import io.spore.api.SpawnAccess;
import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access lists changed in one run of a node are there in the next, before and after its factories come back. */
class SpawnAccessStoreTest {
    private static final NodeName A = NodeName.parse("a@localhost");
    private static final NodeName B = NodeName.parse("b@localhost");

    @TempDir
    Path dir;

    @Test
    void changesSurviveARestartAndWinOverAFactorysInitialState() throws Exception {
        try (SporeNode first = start()) {
            SpawnAccessStore store = first.keepSpawnAccess(dir);
            first.registerFactory("echo", Idle::new);
            first.registerFactory("counter", Idle::new);
            first.registerFactory("logger", Idle::new);
            first.network().enableSpawn(Name.of("echo"), A, B);
            first.network().disableSpawn(Name.of("counter"));
            store.close();
        }
        String file = Files.readString(dir.resolve(SpawnAccessStore.FILE_NAME));
        assertTrue(file.contains("echo = a@localhost,b@localhost"), file);
        assertTrue(file.contains("counter = disabled"), file);
        assertTrue(file.contains("logger = open"), file);

        try (SporeNode second = start()) {
            second.keepSpawnAccess(dir);
            second.registerFactory("echo", Idle::new);
            second.registerFactory("counter", Idle::new);

            SpawnAccess echo = access(second, "echo");
            assertTrue(echo.enabled());
            assertFalse(echo.openToAll());
            assertEquals(Set.of(A, B), echo.allowedNodes());
            assertFalse(access(second, "counter").enabled());
            // Kept while its factory is away, and written back with later changes.
            assertTrue(second.network().spawnAccess(Name.of("logger")).isEmpty());
            second.network().disableSpawn(Name.of("echo"), A);
        }
        String after = Files.readString(dir.resolve(SpawnAccessStore.FILE_NAME));
        assertTrue(after.contains("echo = b@localhost"), after);
        assertTrue(after.contains("logger = open"), after);
    }

    @Test
    void aBrokenLineIsAnErrorNamingTheFileAndTheLine() throws Exception {
        Files.writeString(dir.resolve(SpawnAccessStore.FILE_NAME), "# kept\necho = open\necho2 open\n");
        try (SporeNode node = start()) {
            SporeException e = assertThrows(SporeException.class, () -> node.keepSpawnAccess(dir));
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        }
    }

    @Test
    void denialsDoNotTouchTheFile() throws Exception {
        try (SporeNode node = start()) {
            node.keepSpawnAccess(dir);
            node.registerFactory("echo", Idle::new);
            node.network().enableSpawn(Name.of("echo"), A);
            Path file = dir.resolve(SpawnAccessStore.FILE_NAME);
            Files.delete(file); // a denial that wrote would bring it back

            SporeException refused = assertThrows(SporeException.class,
                () -> node.spawnAccess().admit(Name.of("echo"), B));

            assertEquals(SporeException.Reason.NOT_ALLOWED, refused.reason());
            assertFalse(Files.exists(file));
        }
    }

    private static SpawnAccess access(SporeNode node, String name) {
        Network network = node.network();
        return network.spawnAccess(Name.of(name)).orElseThrow();
    }

    private static SporeNode start() {
        return SporeNode.start(new NodeContext().nodeName(NodeName.parse("kept@localhost")).workerThreads(1));
    }

    /** A process that does nothing. */
    static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(io.spore.api.ProcessContext context, io.spore.api.Pid from, Object message) {
        }
    }
}
