package io.spore.api.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The owner and mode checks of deploy and state folders, on real folders. */
class PrivateFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void missingFoldersAreCreatedOwnerOnlyWhateverTheUmask() throws Exception {
        Path dir = tmp.resolve("home").resolve(".spore").resolve("nodes").resolve("a@localhost").resolve("deploy");
        assertEquals(dir, PrivateFolders.createPrivate(dir, "deploy folder"));
        for (Path made = dir; !made.equals(tmp); made = made.getParent()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)),
                made.toString());
        }
        PrivateFolders.createPrivate(dir, "deploy folder"); // existing and private: accepted again
    }

    @Test
    void anExistingFolderKeepsItsModeAndIsChecked() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("deploy"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFolders.createPrivate(dir, "deploy folder"); // others may read and list it: not a way in
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void aFolderGroupOrOthersCanWriteIsRefusedInOneLine() throws Exception {
        for (String mode : new String[] {"rwxrwx---", "rwx----w-", "rwxrwxrwx"}) {
            Path dir = Files.createDirectories(tmp.resolve("state-" + mode));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrivateFolders.requirePrivate(dir, "state folder"));
            assertOneLine(e);
            assertTrue(e.getMessage().startsWith("state folder " + dir + " can be written by group or others"),
                e.getMessage());
            assertTrue(e.getMessage().contains("chmod 700 " + dir), e.getMessage());
        }
    }

    @Test
    void aFolderInAFolderOthersCanWriteIsRefusedUnlessThatOneIsSticky() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Path dir = Files.createDirectory(shared.resolve("deploy"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PrivateFolders.requirePrivate(dir, "deploy folder"));
        assertOneLine(e);
        assertTrue(e.getMessage().contains("lies in " + shared + ", which group or others can write (mode 0777)"),
            e.getMessage());
        assertTrue(e.getMessage().contains("chmod go-w " + shared), e.getMessage());

        Files.setAttribute(shared, "unix:mode", 01777); // as /tmp: others cannot rename what they do not own
        PrivateFolders.requirePrivate(dir, "deploy folder");
    }

    @Test
    void nothingIsCreatedInAFolderOthersCanWrite() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path dir = shared.resolve("nodes").resolve("deploy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PrivateFolders.createPrivate(dir, "deploy folder"));
        assertTrue(e.getMessage().startsWith("deploy folder " + dir + " lies in " + shared + ", which group or"
            + " others can write"), e.getMessage());
        assertFalse(Files.exists(shared.resolve("nodes")), "checked before anything is created");
        PrivateFolders.check(tmp.resolve("a").resolve("b"), "state folder"); // to be made in a private folder: fine
    }

    @Test
    void aLinkIsJudgedByTheFolderItLeadsTo() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(tmp.resolve("deploy"), target);
        assertThrows(IllegalArgumentException.class, () -> PrivateFolders.requirePrivate(link, "deploy folder"));
    }

    @Test
    void aFileWhereTheFolderShouldBeIsRefused() throws Exception {
        Path file = Files.createFile(tmp.resolve("deploy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PrivateFolders.createPrivate(file, "deploy folder"));
        assertTrue(e.getMessage().startsWith("deploy folder " + file + " is not a folder"), e.getMessage());
    }

    @Test
    void aFolderAnotherUserOwnsIsRefusedWithTheChown() throws Exception {
        assumeTrue(Integer.valueOf(0).equals(PrivateFiles.uid(Path.of("/proc/self"))),
            "skipped: giving a folder to another user needs root");
        Path dir = Files.createDirectory(tmp.resolve("deploy"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PrivateFolders.requirePrivate(dir, "deploy folder"));
        assertOneLine(e);
        assertTrue(e.getMessage().startsWith("deploy folder " + dir + " belongs to another user (uid "),
            e.getMessage());
        assertTrue(e.getMessage().contains("chown -R 0 " + dir), e.getMessage());

        // The same user owning a folder above it, which could then swap the deploy folder for one of its own.
        Path mine = Files.createDirectory(dir.resolve("mine"));
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
            () -> PrivateFolders.requirePrivate(mine, "deploy folder"));
        assertTrue(above.getMessage().contains("lies in " + dir + ", which belongs to another user"),
            above.getMessage());
    }

    private static void assertOneLine(IllegalArgumentException e) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
