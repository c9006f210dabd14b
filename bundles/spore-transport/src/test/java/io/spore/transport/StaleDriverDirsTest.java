package io.spore.transport;

import io.aeron.CncFileDescriptor;
import io.spore.api.NodeName;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
    /** Above the interval at which a running driver heartbeats into its cnc.dat (about a second), far below 10 s. */
    private static final Duration SHORT_DRIVER_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path parent;

    @Test
    @Timeout(60)
    void aDeadDriversDirectoryGoesAndALiveOneStays() throws IOException {
        TransportContext context = new TransportContext().nodeName(NodeName.parse("live@localhost"))
            .embeddedDirParent(parent).maxMessageSize(64 * 1024).conclude();
        try (MediaDriverHost live = MediaDriverHost.start(context)) {
            // A driver killed with SIGKILL: its cnc.dat stays, and its heartbeat stops. A copy of a live one's is that.
            Path dead = Files.createDirectory(parent.resolve("spore-dead-1"));
            Files.copy(live.aeronDir().resolve(CncFileDescriptor.CNC_FILE), dead.resolve(CncFileDescriptor.CNC_FILE));

            Await.until("the copied heartbeat to age past the timeout",
                () -> StaleDriverDirs.isStale(dead, SHORT_DRIVER_TIMEOUT));
                assertEquals(1, StaleDriverDirs.sweep(parent, SHORT_DRIVER_TIMEOUT));

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

        assertEquals(1, StaleDriverDirs.sweep(parent, SHORT_DRIVER_TIMEOUT));

        assertTrue(Files.exists(starting), "a node may be creating it right now");
        assertFalse(Files.exists(abandoned));
        assertTrue(Files.exists(notOurs), "only spore-* directories are swept");
    }
}
