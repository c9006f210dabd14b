package io.spore.transport;

import io.aeron.CncFileDescriptor;
import io.spore.api.NodeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a starting node sweeps from the embedded drivers' parent directory, with a real running driver beside. */
class StaleDriverDirsTest {
    @TempDir
    Path parent;

    @Test
    @Timeout(60)
    void aDeadDriversDirectoryGoesAndALiveOneStays() throws IOException {
        TransportContext context = new TransportContext().nodeName(NodeName.parse("live@localhost"))
            .embeddedDirParent(parent).maxMessageSize(64 * 1024).conclude();
        try (MediaDriverHost live = MediaDriverHost.start(context)) {
            // A driver killed with SIGKILL: its cnc.dat stays and its process is gone. A copy
            // of a live one's, with the pid of a process that has ended, is that.
            Path dead = Files.createDirectory(parent.resolve("spore-dead-1"));
            Files.copy(live.aeronDir().resolve(CncFileDescriptor.CNC_FILE), dead.resolve(CncFileDescriptor.CNC_FILE));
            writePid(dead.resolve(CncFileDescriptor.CNC_FILE), endedProcessPid());

            assertTrue(StaleDriverDirs.isStale(dead), "stale at once: its driver's process is gone, although its"
                + " heartbeat is fresh");
                assertEquals(1, StaleDriverDirs.sweep(parent));

            assertFalse(Files.exists(dead));
            assertTrue(Files.exists(live.aeronDir().resolve(CncFileDescriptor.CNC_FILE)),
                "the running driver's directory is untouched");
        }
    }

    @Test
    void aDirectoryWithoutADriverGoesOnlyOnceItIsOld() throws IOException {
        Path starting = Files.createDirectory(parent.resolve("spore-starting-1"));
        Path abandoned = Files.createDirectory(parent.resolve("spore-abandoned-1"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path notOurs = Files.createDirectory(parent.resolve("other-1"));
        Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertEquals(1, StaleDriverDirs.sweep(parent));

        assertTrue(Files.exists(starting), "a node may be creating it right now");
        assertFalse(Files.exists(abandoned));
        assertTrue(Files.exists(notOurs), "only spore-* directories are swept");
    }

    /**
     * A driver paused with SIGSTOP (or held in a debugger) stops heartbeating but its process lives on: its directory
     * stays. A copy of a live cnc.dat keeps the pid of this JVM, which is that.
     */
    @Test
    @Timeout(60)
    void aPausedDriversDirectoryStaysWhileItsProcessExists() throws IOException {
        TransportContext context = new TransportContext().nodeName(NodeName.parse("live@localhost"))
            .embeddedDirParent(parent).maxMessageSize(64 * 1024).conclude();
        try (MediaDriverHost live = MediaDriverHost.start(context)) {
            Path paused = Files.createDirectory(parent.resolve("spore-paused-1"));
            Files.copy(live.aeronDir().resolve(CncFileDescriptor.CNC_FILE),
                paused.resolve(CncFileDescriptor.CNC_FILE));
            Path stopped = Files.createDirectory(parent.resolve("spore-stopped-1"));
            Files.copy(live.aeronDir().resolve(CncFileDescriptor.CNC_FILE),
                stopped.resolve(CncFileDescriptor.CNC_FILE));
            writePid(stopped.resolve(CncFileDescriptor.CNC_FILE), endedProcessPid());
            assertTrue(StaleDriverDirs.isStale(stopped), "its driver's process is gone");

            assertEquals(1, StaleDriverDirs.sweep(parent));
            assertTrue(Files.exists(paused.resolve(CncFileDescriptor.CNC_FILE)), "its process still exists");
            assertFalse(Files.exists(stopped));
        }
    }

    /**
     * The attack: a planted spore-* entry that is a symbolic link to someone's folder, or a stale-looking
     * directory holding such a link, with its times set back. The sweep removes neither target's files.
     */
    @Test
    void aPlantedSymbolicLinkIsNeverFollowed(@TempDir Path victim) throws IOException {
        Path precious = Files.writeString(victim.resolve("precious.txt"), "keep me");
        Path link = Files.createSymbolicLink(parent.resolve("spore-planted"), victim);
        Path holder = Files.createDirectory(parent.resolve("spore-holder-1"));
        Files.createSymbolicLink(holder.resolve("inside"), victim);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(holder, old);

        StaleDriverDirs.sweep(parent);

        assertTrue(Files.exists(precious), "the link's target is untouched");
        assertEquals("keep me", Files.readString(precious));
        assertTrue(Files.isSymbolicLink(link), "a link at the top is not a driver directory and is left alone");
        assertFalse(Files.exists(holder, java.nio.file.LinkOption.NOFOLLOW_LINKS),
            "the stale directory went, its link removed, not followed");
    }

    /** The per-user parent: made 0700; a planted link, or a folder others may write, is refused. */
    @Test
    void theParentIsThisUsersOwnOrRefused(@TempDir Path shared) throws IOException {
        Path made = DriverDirParent.prepare(shared.resolve("spore-me"));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(made)));

        Path elsewhere = Files.createDirectory(shared.resolve("elsewhere"));
        Path planted = Files.createSymbolicLink(shared.resolve("spore-planted"), elsewhere);
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
            () -> DriverDirParent.prepare(planted));
        assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());

        Path open = Files.createDirectory(shared.resolve("spore-open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> DriverDirParent.prepare(open));
        assertTrue(refused.getMessage().contains("chmod 700"), refused.getMessage());
    }

    private static long endedProcessPid() throws IOException {
        Process process = new ProcessBuilder("true").start();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return process.pid();
    }

    private static void writePid(Path cnc, long pid) {
        MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc.toFile(), "cnc");
        try {
            new UnsafeBuffer(mapped).putLong(CncFileDescriptor.pidOffset(0), pid);
        } finally {
            IoUtil.unmap(mapped);
        }
    }
}
