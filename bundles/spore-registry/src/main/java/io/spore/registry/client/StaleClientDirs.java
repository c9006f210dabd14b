package io.spore.registry.client;

import io.aeron.CommonContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Removes what the embedded drivers of clients killed with {@code kill -9} left: their folders (about 12 MB of
 * {@code /dev/shm} each) beside the one a new client is about to make. A folder goes only when it is older than
 * {@link #MIN_AGE_MS} and its driver has not written a heartbeat for Aeron's driver timeout, so a running client's
 * driver, or one just starting, is never touched.
 *
 * <p>Threading: stateless; called once per embedded driver, before it starts.
 */
final class StaleClientDirs {
    private static final System.Logger LOG = System.getLogger(StaleClientDirs.class.getName());
    /** A folder younger than this may be a driver that has not written its first heartbeat yet. */
    static final long MIN_AGE_MS = TimeUnit.MINUTES.toMillis(1);
    private static final long DRIVER_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    private StaleClientDirs() {
    }

    /**
     * @param parent the folder the clients' folders are made in
     * @param prefix the name every client's folder begins with
     * @return how many folders were removed
     */
    static int sweep(Path parent, String prefix) {
        int removed = 0;
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().startsWith(prefix) && stale(dir)) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no sweep of stale registry client folders in " + parent + ": " + e);
        }
        if (removed > 0) {
            LOG.log(System.Logger.Level.INFO, "removed " + removed + " folders of registry clients that died without"
                + " closing, in " + parent);
        }
        return removed;
    }

    private static boolean stale(Path dir) throws IOException {
        File folder = dir.toFile();
        return folder.isDirectory()
            && System.currentTimeMillis() - Files.getLastModifiedTime(dir).toMillis() > MIN_AGE_MS
            && !CommonContext.isDriverActive(folder, DRIVER_TIMEOUT_MS, message -> { });
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
