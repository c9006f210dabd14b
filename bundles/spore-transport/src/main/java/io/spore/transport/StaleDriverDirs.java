package io.spore.transport;

import io.aeron.CncFileDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Removes the directories that embedded drivers of killed nodes left behind.
 *
 * <p>Why: an embedded driver deletes its directory when its node stops, but a node killed with {@code SIGKILL} never
 * gets there, and each such directory holds tens of megabytes of memory-mapped buffers in {@code /dev/shm}. So a
 * node starting an embedded driver first sweeps the directories of its kind ({@code spore-*}) in its parent, which
 * is this user's own ({@link DriverDirParent}).
 *
 * <p>What may be removed, since the parent's entries could have been planted by someone else: only a real directory
 * (never a symbolic link, and nothing is followed inside it: a link is removed, never its target) owned by this
 * process's user, and only when it is stale: the process that started its driver, recorded in the driver's
 * {@code cnc.dat}, is gone (as Aeron's own tools judge a driver by its cnc.dat). That holds the moment a killed
 * node's process is reaped, so a node restarted at once reclaims its predecessor's directory; a driver paused by
 * {@code SIGSTOP} or a debugger keeps its process, and keeps its directory. A directory with no {@code cnc.dat}, or
 * one not yet marked ready, is stale only once it was last changed more than {@link #UNSTARTED_GRACE} ago, so a node
 * starting this very moment is left alone. A process that was still dying at the first sweep is caught by the second,
 * which {@link MediaDriverHost} runs one driver timeout later. Best effort: a directory that cannot be read or
 * removed is skipped.
 *
 * <p>A caveat: the pid is looked up in this process's pid namespace. Nodes of one user that share {@code /dev/shm}
 * from different pid namespaces (containers with a shared tmpfs) must use separate {@code embeddedDirParent}s.
 *
 * <p>Threading: any thread; nodes sweeping the same parent at once may race to delete the same directory, which
 * is harmless.
 */
final class StaleDriverDirs {
    static final String PREFIX = "spore-";
    /** How old a directory without a driver's cnc.dat must be before it counts as abandoned. */
    static final Duration UNSTARTED_GRACE = Duration.ofMinutes(1);
    /** How much of cnc.dat is read for its writer's pid and start time: its metadata, well within a page. */
    private static final int CNC_HEAD_BYTES = 4096;
    /** Clocks of a process's start and a driver's start timestamp may differ by this much for the same process. */
    private static final Duration START_SLACK = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(StaleDriverDirs.class.getName());

    private StaleDriverDirs() {
    }

    /** @return how many stale directories were removed from {@code parent} */
    static int sweep(Path parent) {
        int removed = 0;
        Optional<Object> owner = DriverDirParent.currentUid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ownedBy(dir, owner)
                    && isStale(dir)) {
                    deleteWithoutFollowingLinks(dir);
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

    static boolean isStale(Path dir) {
        Path cnc = dir.resolve(CncFileDescriptor.CNC_FILE);
        try {
            if (Files.isRegularFile(cnc, LinkOption.NOFOLLOW_LINKS) && Files.size(cnc) > 0) {
                UnsafeBuffer metadata = readMetadata(cnc);
                long pid = CncFileDescriptor.pid(metadata);
                if (metadata.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)) != 0 && pid > 0) {
                    return !stillRuns(pid, Instant.ofEpochMilli(CncFileDescriptor.startTimestampMs(metadata)));
                }
            }
            FileTime changed = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .lastModifiedTime();
            return changed.toInstant().isBefore(Instant.now().minus(UNSTARTED_GRACE));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The head of {@code cnc}, where the driver's metadata is; read without following a link. */
    private static UnsafeBuffer readMetadata(Path cnc) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(CNC_HEAD_BYTES);
        try (FileChannel channel = FileChannel.open(cnc, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (head.hasRemaining() && channel.read(head) > 0) {
                // read the head of the file
            }
        }
        return new UnsafeBuffer(head.array());
    }

    /**
     * Whether the driver's process still exists: {@code pid} names a live process that started no later than the
     * driver did (a later one reuses a dead driver's pid).
     */
    private static boolean stillRuns(long pid, Instant driverStart) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isEmpty() || !started.get().isAfter(driverStart.plus(START_SLACK));
    }

    /** Whether {@code dir} belongs to {@code uid}; with no uid to compare, any directory; unreadable, none. */
    private static boolean ownedBy(Path dir, Optional<Object> uid) {
        return uid.isEmpty() || DriverDirParent.ownerOf(dir).map(uid.get()::equals).orElse(false);
    }

    /** Deletes {@code dir} and what it holds; a symbolic link inside is removed itself, its target never visited. */
    private static void deleteWithoutFollowingLinks(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
                Files.deleteIfExists(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
