package io.spore.distribution.framework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Cleans up after a node killed with SIGKILL (by the demo or a test), which cannot remove its embedded media
 * driver's directory itself: the directory stays in {@code /dev/shm}, tens of megabytes of memory each. Before the
 * kill, {@link #mappedBy(long)} reads which Aeron directories the process maps (those holding a mapped
 * {@code cnc.dat}); after it, {@link #deleteUnused(Set)} removes those that no live process maps any more, which
 * leaves an external driver's directory alone.
 *
 * <p>Linux only ({@code /proc}); elsewhere nothing is found and nothing is removed.
 */
public final class AeronDirs {
    /** The file every Aeron directory holds, and every driver and client maps. */
    private static final String CNC_FILE = "cnc.dat";

    private AeronDirs() {
    }

    /** @return the Aeron directories process {@code pid} maps now; empty when that cannot be told */
    public static Set<Path> mappedBy(long pid) {
        Set<Path> dirs = new HashSet<>();
        for (String line : readMaps(Path.of("/proc", Long.toString(pid), "maps"))) {
            Path file = mappedFile(line);
            if (file != null && file.getFileName() != null && file.getFileName().toString().equals(CNC_FILE)) {
                dirs.add(file.getParent());
            }
        }
        return dirs;
    }

    /** Deletes each of {@code dirs} that no live process maps a file of; failures are ignored. */
    public static void deleteUnused(Set<Path> dirs) {
        if (dirs.isEmpty()) {
            return;
        }
        Set<Path> inUse = new HashSet<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                .toList()) {
                for (String line : readMaps(process.resolve("maps"))) {
                    Path file = mappedFile(line);
                    if (file != null && dirs.contains(file.getParent())) {
                        inUse.add(file.getParent());
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return; // cannot tell what is in use: leave everything
        }
        for (Path dir : dirs) {
            if (!inUse.contains(dir)) {
                try {
                    Folders.deleteTree(dir);
                } catch (IOException | UncheckedIOException e) {
                    // A leftover directory is what we had before; nothing more to do.
                }
            }
        }
    }

    private static List<String> readMaps(Path maps) {
        try {
            return Files.readAllLines(maps);
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // gone, or not Linux
        }
    }

    /** A maps line is "address perms offset dev inode [path]"; the path may hold spaces. */
    private static Path mappedFile(String line) {
        String[] fields = line.trim().split("\\s+", 6);
        if (fields.length < 6 || !fields[5].startsWith("/")) {
            return null;
        }
        String path = fields[5].endsWith(" (deleted)") ? null : fields[5];
        return path == null ? null : Path.of(path);
    }
}
