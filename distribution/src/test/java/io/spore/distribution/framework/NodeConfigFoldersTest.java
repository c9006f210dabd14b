package io.spore.distribution.framework;

import io.spore.api.NodeName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a node's folders are when it is not told, how they are made, and which existing ones are refused. */
class NodeConfigFoldersTest {
    private static final NodeName NAME = NodeName.parse("a-1@host.example");

    @TempDir
    Path tmp;

    private String realHome;

    /** The defaults follow user.home: this test's folder stands in for it, so the real ~/.spore is never touched. */
    @BeforeEach
    void useATemporaryHome() throws Exception {
        realHome = System.getProperty("user.home");
        System.setProperty("user.home", Files.createDirectory(tmp.resolve("home")).toString());
    }

    @AfterEach
    void restoreTheHome() {
        System.setProperty("user.home", realHome);
    }

    @Test
    void theDefaultsAreTheNodesFolderInTheSporeHome() {
        Path node = tmp.resolve("home").resolve(".spore").resolve("nodes").resolve("a-1@host.example");
        assertEquals(node.resolve("deploy"), NodeFolders.defaultDeployDir(NAME));
        assertEquals(node.resolve("state"), NodeFolders.defaultStateDir(NAME));
        assertEquals(node.resolve("node.log"), NodeFolders.defaultLogFile(NAME));
        NodeName tooLong = new NodeName("n".repeat(64), "h".repeat(63) + "." + "h".repeat(63) + "." + "h".repeat(63));
        ActionableException e = assertThrows(ActionableException.class, () -> NodeFolders.defaultDeployDir(tooLong));
        assertTrue(e.getMessage().contains("is too long for a folder name (256 characters, at most 255)"),
            e.getMessage());
    }

    @Test
    void anUnsetDeployFolderIsMadeOwnerOnlyInTheSporeHomeAndThereIsNoStateFolder() throws Exception {
        NodeConfig config = config().conclude();
        Path home = tmp.resolve("home");
        assertEquals(NodeFolders.defaultDeployDir(NAME), config.deployDir());
        assertNull(config.stateDir(), "an embedded node keeps no state unless told where");
        for (Path made = config.deployDir(); !made.equals(home); made = made.getParent()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)),
                made.toString());
        }
        assertFalse(Files.exists(NodeFolders.defaultStateDir(NAME)));
    }

    @Test
    void givenFoldersAreMadeOwnerOnlyAndNoneMeansNone() throws Exception {
        Path deploy = tmp.resolve("given").resolve("deploy");
        Path state = tmp.resolve("given").resolve("state");
        config().deployDir(deploy).stateDir(state).conclude();
        for (Path made : List.of(deploy, state, deploy.getParent())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)),
                made.toString());
        }
        assertNull(config().deployDir(null).conclude().deployDir());
        assertFalse(Files.exists(tmp.resolve("home").resolve(".spore")), "no default folder for a node without one");
    }

    @Test
    void anExistingFolderOthersCanWriteIsRefusedInOneLineNamingItAndTheFix() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxr-x"));
        ActionableException e = assertThrows(ActionableException.class,
            () -> config().deployDir(tmp.resolve("deploy")).stateDir(state).conclude());
        assertEquals("state folder " + state + " can be written by group or others (mode 0775): run chmod 700 "
            + state + ", and check what is in it", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("deploy")), "both folders are checked before either is made");
    }

    @Test
    void aConfigurationRefusedForAnotherReasonLeavesNoFolderBehind() {
        Path deploy = tmp.resolve("deploy");
        assertThrows(ActionableException.class,
            () -> config().deployDir(deploy).cookieFile(tmp.resolve("missing")).conclude());
        assertFalse(Files.exists(deploy));
    }

    private NodeConfig config() {
        try {
            Path bundle = Files.exists(tmp.resolve("core.jar")) ? tmp.resolve("core.jar")
                : Files.createFile(tmp.resolve("core.jar"));
            return new NodeConfig().name(NAME).bundles(List.of(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
