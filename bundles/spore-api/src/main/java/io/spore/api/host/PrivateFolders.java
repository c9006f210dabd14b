package io.spore.api.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * The check every folder a node takes code or secrets from passes at start (the deploy folder, whose bundles it
 * runs; the state folder, whose JMX password and access files and access lists it reads): the folder belongs to the
 * node's user and neither group nor others may write it, and no folder above it lets another user replace it. This
 * is OpenSSH's {@code StrictModes} check of {@code ~/.ssh}, with two allowances it makes too or that a shared host
 * needs: a folder above may belong to root, and a folder above that others may write is accepted when its sticky
 * bit is set ({@code /tmp}), since others can then neither rename nor delete what is in it.
 *
 * <p>Folders this class creates are made with mode 0700, the missing folders above them too. Threading: stateless,
 * safe from any thread.
 */
public final class PrivateFolders {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int ROOT = 0;

    private PrivateFolders() {
    }

    /**
     * Creates {@code dir} and the missing folders above it, each with mode 0700 whatever the umask, once
     * {@link #check(Path, String)} has passed, then checks it as {@link #requirePrivate(Path, String)} does. Folders
     * that exist already keep their mode: they are checked, not changed.
     *
     * @param dir  the folder
     * @param what what it is, for the message ("deploy folder")
     * @return {@code dir}
     * @throws IllegalArgumentException as {@link #check(Path, String)}, or when a folder cannot be created (one line
     *                                  naming it and the reason)
     * @throws UncheckedIOException     as {@link #check(Path, String)}
     */
    public static Path createPrivate(Path dir, String what) {
        check(dir, what);
        Path absolute = dir.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path at = absolute; at != null && !Files.exists(at); at = at.getParent()) {
            missing.push(at);
        }
        boolean posix = absolute.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (Path folder : missing) {
            try {
                if (posix) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    Files.setPosixFilePermissions(folder, OWNER_ONLY); // the umask may have taken the owner's bits
                } else {
                    Files.createDirectory(folder);
                }
            } catch (FileAlreadyExistsException e) {
                // Made by another node starting at the same time: checked below like any folder that was there.
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create the " + what + " " + absolute + " (at " + folder
                    + ": " + e.getClass().getSimpleName() + " " + e.getMessage() + "): create it yourself with mode"
                    + " 700, or name a folder you can write", e);
            }
        }
        requirePrivate(absolute, what);
        return dir;
    }

    /**
     * Checks {@code dir} as {@link #requirePrivate(Path, String)} does when it exists; when it does not, checks the
     * folders it would be created in, so that a caller can check several folders before it creates any.
     *
     * @param dir  the folder
     * @param what what it is, for the message ("deploy folder")
     * @throws IllegalArgumentException as {@link #requirePrivate(Path, String)}, naming {@code dir}
     * @throws UncheckedIOException     when an owner or mode cannot be read
     */
    public static void check(Path dir, String what) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            requirePrivate(absolute, what);
            return;
        }
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !absolute.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        requireSafeFrom(realPath(existing, what, absolute), what, absolute);
    }

    /**
     * @param dir  the folder, which exists
     * @param what what it is, for the message ("deploy folder")
     * @throws IllegalArgumentException with one line naming the folder and the fix, when it is not a folder, another
     *                                  user owns it, group or others may write it, or a folder above it lets another
     *                                  user replace it
     * @throws UncheckedIOException     when the folder's owner and mode cannot be read
     */
    public static void requirePrivate(Path dir, String what) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(what + " " + absolute + (Files.exists(absolute) ? " is not a folder"
                : " does not exist") + ": name a folder, or remove what is there so that it can be created");
        }
        if (!absolute.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return; // no owners and modes to check: the system's own protection is all there is
        }
        Object self = ownUid();
        // The folders that hold the target of a link are the ones that matter.
        Path real = realPath(absolute, what, absolute);
        Attributes folder = Attributes.of(real, what, absolute);
        if (self instanceof Integer uid && folder.uid() != uid) {
            throw new IllegalArgumentException(what + " " + absolute + " belongs to another user (uid " + folder.uid()
                + "; this node runs as uid " + uid + "), who could put anything into it: check what is in it, then"
                + " run chown -R " + uid + " " + absolute + " and chmod 700 " + absolute + ", or use a folder of"
                + " your own");
        }
        if ((folder.mode() & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new IllegalArgumentException(what + " " + absolute + " can be written by group or others (mode "
                + octal(folder.mode()) + "): run chmod 700 " + absolute + ", and check what is in it");
        }
        if (real.getParent() != null) {
            requireSafeFrom(real.getParent(), what, absolute);
        }
    }

    /**
     * Checks {@code from} and every folder above it: each belongs to this user or root, and none that group or
     * others can write lacks the sticky bit, or another user could rename {@code absolute} (the folder checked) away
     * and put a folder of their own in its place.
     */
    private static void requireSafeFrom(Path from, String what, Path absolute) {
        Object self = ownUid();
        for (Path above = from; above != null; above = above.getParent()) {
            Attributes parent = Attributes.of(above, what, absolute);
            if (self instanceof Integer uid && parent.uid() != uid && parent.uid() != ROOT) {
                throw new IllegalArgumentException(what + " " + absolute + " lies in " + above + ", which belongs to"
                    + " another user (uid " + parent.uid() + ") who could replace it: move it to a folder of your"
                    + " own");
            }
            if ((parent.mode() & GROUP_OR_OTHERS_WRITE) != 0 && (parent.mode() & STICKY) == 0) {
                throw new IllegalArgumentException(what + " " + absolute + " lies in " + above + ", which group or"
                    + " others can write (mode " + octal(parent.mode()) + ") and so replace it: run chmod go-w "
                    + above + ", or move it to a folder of your own");
            }
        }
    }

    /** @return this process's uid (the owner of {@code /proc/self}), or {@code null} where it cannot be told */
    private static Object ownUid() {
        return PrivateFiles.uid(Path.of("/proc/self"));
    }

    private static Path realPath(Path path, String what, Path checked) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path + " to check the " + what + " " + checked + ": "
                + e, e);
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** The owner and mode of one folder, as the {@code unix} view gives them. */
    private record Attributes(int uid, int mode) {
        static Attributes of(Path folder, String what, Path checked) {
            try {
                Map<String, Object> values = Files.readAttributes(folder, "unix:uid,mode");
                return new Attributes((Integer) values.get("uid"), (Integer) values.get("mode"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the owner and mode of " + folder + " to check the " + what
                    + " " + checked + ": " + e, e);
            }
        }
    }
}
