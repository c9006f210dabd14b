package io.spore.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AnotherUserTest {
    @TempDir
    Path tmp;

    @Test
    void theCopyIsReadableByAllAndGoesWhenClosed() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree").resolve("bin"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tree.resolve("run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tree.resolve("run"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tree.resolve("notes"), "text");
        Files.setPosixFilePermissions(tree.resolve("notes"), PosixFilePermissions.fromString("rw-------"));

        Path root;
        try (AnotherUser.ReadableCopy copy = AnotherUser.readableCopy(tmp.resolve("tree"))) {
            root = copy.root();
            assertEquals("rwxr-xr-x", mode(root));
            assertEquals("rwxr-xr-x", mode(root.resolve("bin")));
            assertEquals("rwxr-xr-x", mode(root.resolve("bin").resolve("run")));
            assertEquals("rw-r--r--", mode(root.resolve("bin").resolve("notes")));
        }
        assertFalse(Files.exists(root));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
