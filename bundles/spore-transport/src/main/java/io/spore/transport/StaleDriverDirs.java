package io.spore.transport;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes the directories that embedded drivers of killed nodes left behind.
 *
 * <p>Why: an embedded driver deletes its directory when its node stops, but a node killed with {@code SIGKILL} never
 * gets there, and each such directory holds tens of megabytes of memory-mapped buffers in {@code /dev/shm}. So a
 * node starting an embedded driver first sweeps the directories of its kind ({@code spore-*}) in the same parent.
 *
 * <p>A directory is stale when its driver's {@code cnc.dat} has not been heartbeated within the driver timeout, or
 * when it has no (or an empty) {@code cnc.dat} and was last changed more than {@link #UNSTARTED_GRACE} ago: a node that is starting
 * this very moment has a fresh directory and is left alone. Best effort: a directory that cannot be read or removed
 * is skipped.
 *
 * <p>Threading: any thread; nodes sweeping the same parent at once may race to delete the same directory, which
 * is harmless.
 */
final class StaleDriverDirs {
    static final String PREFIX = "spore-";
    /** How old a directory without a driver's cnc.dat must be before it counts as abandoned. */
    static final Duration UNSTARTED_GRACE = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(StaleDriverDirs.class.getName());

    private StaleDriverDirs() {
    }

    /** @return how many stale directories were removed from {@code parent} */
    static int sweep(Path parent, Duration driverTimeout) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && isStale(dir, driverTimeout)) {
                    IoUtil.delete(dir.toFile(), true);
                    removed++;
                    LOG.log(System.Logger.Level.INFO, () -> "removed " + dir
                        + ": the media driver of a node that did not stop cleanly left it");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "could not sweep " + parent + " for stale driver directories: "
                + e);
        }
        return removed;
    }

    static boolean isStale(Path dir, Duration driverTimeout) {
        Path cnc = dir.resolve(CncFileDescriptor.CNC_FILE);
        try {
            if (Files.exists(cnc) && Files.size(cnc) > 0) {
                // Not active: its heartbeat is older than the timeout. A cnc.dat still being initialised makes
                // Aeron wait, then throw, which counts as not stale below.
                return !CommonContext.isDriverActive(dir.toFile(), driverTimeout.toMillis(), message -> {
                });
            }
            FileTime changed = Files.getLastModifiedTime(dir);
            return changed.toInstant().isBefore(Instant.now().minus(UNSTARTED_GRACE));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
