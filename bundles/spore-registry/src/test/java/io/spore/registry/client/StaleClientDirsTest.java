package io.spore.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The sweep of dead clients' driver folders: an old folder whose driver is gone goes; a live driver's folder, a
 * young one, and another prefix's stay.
 */
class StaleClientDirsTest {
    @TempDir
    Path parent;

    @Test
    void onlyOldFoldersOfDeadDriversGo() throws Exception {
        Path dead = Files.createDirectories(parent.resolve("aeron-x-registry-client-dead"));
        Files.writeString(dead.resolve("cnc.dat"), "not a driver");
        old(dead);
        Path young = Files.createDirectories(parent.resolve("aeron-x-registry-client-young"));
        Path other = Files.createDirectories(parent.resolve("aeron-x-other"));
        old(other);
        try (MediaDriver live = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(parent.resolve("aeron-x-registry-client-live").toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true))) {
            old(Path.of(live.aeronDirectoryName()));
            assertEquals(1, StaleClientDirs.sweep(parent, "aeron-x-registry-client-"));
            assertFalse(Files.exists(dead));
            assertTrue(Files.exists(young) && Files.exists(other));
            assertTrue(Files.exists(Path.of(live.aeronDirectoryName(), "cnc.dat")), "a live driver keeps its folder");
        }
    }

    private static void old(Path dir) throws Exception {
        Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis() - 2 * StaleClientDirs.MIN_AGE_MS));
    }
}
