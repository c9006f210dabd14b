package io.spore.transport;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The folder that holds this user's embedded media drivers' directories: {@code /dev/shm/spore-<uid>} (or the
 * same under {@code java.io.tmpdir} where there is no {@code /dev/shm}), made with mode 0700.
 *
 * <p>Why a folder per user: {@code /dev/shm} is writable by everyone. A node that made and swept its drivers'
 * directories straight in it could be handed a directory, or a symbolic link, that another user planted, and its
 * sweep of stale directories would then delete what that user pointed it at. In a folder that only this user can
 * write, every entry is this user's own. A folder of that name that is a symbolic link, belongs to another user, or
 * that others may write is refused with a message saying what to do.
 *
 * <p>Threading: any thread; nodes of one user making the folder at once race harmlessly.
 */
final class DriverDirParent {
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_WRITE);

    private DriverDirParent() {
    }

    /** @return the default folder for this user's drivers' directories; not made yet */
    static Path defaultFor(Path sharedRoot) {
        return sharedRoot.resolve(StaleDriverDirs.PREFIX + currentUid().map(String::valueOf)
            .orElseGet(() -> System.getProperty("user.name", "user")));
    }

    /**
     * Makes {@code parent} (mode 0700) if it is missing, and checks that it is safe to make and sweep driver
     * directories in.
     *
     * @throws IOException naming the problem and what to do, when it cannot be made or is not this user's own
     */
    static Path prepare(Path parent) throws IOException {
        try {
            if (Files.getFileStore(parent.getParent() == null ? parent : parent.getParent())
                .supportsFileAttributeView("posix")) {
                Files.createDirectory(parent, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(parent);
            }
        } catch (FileAlreadyExistsException e) {
            // checked below, whoever made it
        }
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(parent + " is not a directory (it may be a symbolic link someone planted): remove"
                + " it, or give the node another driver folder");
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(parent, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return parent; // no POSIX owners or modes here: nothing more to check
        }
        Optional<Object> uid = currentUid();
        Optional<Object> owner = ownerOf(parent);
        if (uid.isPresent() && owner.isPresent() && !uid.get().equals(owner.get())) {
            throw new IOException(parent + " belongs to another user (uid " + owner + "), so its contents cannot be"
                + " trusted: remove it, or give the node another driver folder");
        }
        if (attributes.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new IOException(parent + " may be written by other users (mode "
                + PosixFilePermissions.toString(attributes.permissions()) + "): make it 'chmod 700', or give the node"
                + " another driver folder");
        }
        return parent;
    }

    /** @return this process's user id, where the system has one ({@code /proc/self} belongs to it) */
    static Optional<Object> currentUid() {
        return ownerOf(Path.of("/proc/self"));
    }

    /**
     * @return the user id that owns {@code path} itself (a link is not followed), or empty where the file system
     *         has no owners to tell (no {@code unix} view) or the path cannot be read
     */
    static Optional<Object> ownerOf(Path path) {
        try {
            return Optional.of(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
