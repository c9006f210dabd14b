package io.spore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a command as user {@code nobody} (with util-linux {@code setpriv}, as root), for tests of what another user
 * may not do. That user can run only what it can read, and a checkout may live where it cannot (a clone in a
 * {@code mktemp -d} folder is mode 0700): {@link #readableCopy(Path)} copies what the command needs to a folder of
 * the system's temporary folder that every user can read, and checks that each folder above it can be passed.
 */
public final class AnotherUser {
    /** The user the commands run as. */
    public static final String NAME = "nobody";
    /** Its group. */
    public static final String GROUP = "nogroup";

    private static final Set<PosixFilePermission> TRAVERSE = Set.of(PosixFilePermission.OTHERS_EXECUTE);

    private AnotherUser() {
    }

    /**
     * @return why commands cannot run as {@value #NAME} here (not root, or no util-linux {@code setpriv} on the
     *         path), for a test's assumption; {@code null} when they can
     */
    public static String whyNot() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            return "running as another user needs root (this is uid " + uid + ")";
        }
        for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(folder, "setpriv"))) {
                return null;
            }
        }
        return "util-linux setpriv is not installed";
    }

    /** @return the words that run the command after them as {@value #NAME}, with no supplementary groups */
    public static List<String> commandPrefix() {
        return List.of("setpriv", "--reuid=" + NAME, "--regid=" + GROUP, "--clear-groups");
    }

    /**
     * Copies {@code tree} to a new folder under {@code java.io.tmpdir} that every user can read: folders and
     * executable files mode 0755, other files 0644.
     *
     * @return the copy, deleted when closed
     * @throws IOException           when the copy cannot be made
     * @throws IllegalStateException when a folder above the copy cannot be passed by others, so nobody could reach
     *                               it; the message names the folder
     */
    public static ReadableCopy readableCopy(Path tree) throws IOException {
        Path root = Files.createTempDirectory("spore-readable-");
        ReadableCopy copy = new ReadableCopy(root);
        try {
            for (Path above = root.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
                if (!Files.getPosixFilePermissions(above).containsAll(TRAVERSE)) {
                    throw new IllegalStateException("user " + NAME + " cannot pass " + above + " to reach " + root
                        + ": point java.io.tmpdir at a folder every user can pass, such as /tmp");
                }
            }
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (Stream<Path> paths = Files.walk(tree)) {
                for (Path source : paths.toList()) {
                    Path target = root.resolve(tree.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(source, target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            Files.isExecutable(source) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /** A copy that another user can read; closing deletes it. */
    public static final class ReadableCopy implements AutoCloseable {
        private final Path root;

        private ReadableCopy(Path root) {
            this.root = root;
        }

        /** @return the folder the tree was copied into */
        public Path root() {
            return root;
        }

        /** Deletes the copy. */
        @Override
        public void close() {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the copy " + root, e);
            }
        }
    }
}
