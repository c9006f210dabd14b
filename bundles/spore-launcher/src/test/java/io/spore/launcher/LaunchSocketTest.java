package io.spore.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LaunchSocketTest {
    @TempDir
    Path tmp;

    @Test
    void prefersTheRuntimeFolderThenTheHome() {
        assertEquals(tmp.resolve("spore").resolve("launch.sock"),
            LaunchSocket.defaultPath(Map.of("XDG_RUNTIME_DIR", tmp.toString()), Path.of("/home/u")));
        assertEquals(Path.of("/home/u/.spore/launch.sock"),
            LaunchSocket.defaultPath(Map.of("XDG_RUNTIME_DIR", tmp.resolve("missing").toString()), Path.of("/home/u")));
        assertEquals(Path.of("/home/u/.spore/launch.sock"), LaunchSocket.defaultPath(Map.of(), Path.of("/home/u")));
    }

    @Test
    void theFolderIsMadeOwnerOnly() throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        LaunchSocket.prepareFolder(dir.resolve("launch.sock"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        LaunchSocket.prepareFolder(tmp.resolve("new").resolve("launch.sock"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("new"))));
    }
}
