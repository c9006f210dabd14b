package io.spore.api.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The check every secret file a node reads passes at start (the JMX connector's passwords, access levels and keystore
 * password; the cookie): only its owner may read or write it, and its owner is the node's user, as the JDK's agent
 * demands of {@code jmxremote.password} and OpenSSH of its keys. Someone who can read the file knows the passwords;
 * someone who can write it chooses them.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * @param file the file, which exists
     * @param what what it is, for the message ("JMX password file")
     * @throws IllegalArgumentException with one line naming the file and the fix, when group or others may read or
     *                                  write it, or another user owns it
     */
    public static void requireOwnerOnly(Path file, String what) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // no modes to check: the folder's protection is all there is
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
            loose.addAll(attributes.permissions());
            loose.retainAll(GROUP_OR_OTHERS);
            if (!loose.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + " can be read or written by group or others"
                    + " (mode " + PosixFilePermissions.toString(attributes.permissions()) + "): run chmod 600 "
                    + file + ", and change the passwords in it if others may have read them");
            }
            Object owner = uid(file);
            Object self = uid(Path.of("/proc/self")); // the process's own user: /proc/self belongs to it
            if (owner != null && self != null && !self.equals(owner)) {
                throw new IllegalArgumentException(what + " " + file + " belongs to another user (uid " + owner
                    + ", and this node runs as uid " + self + "): run chown " + self + " " + file
                    + ", or give a file of your own");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + what + " " + file + ": " + e, e);
        }
    }

    /**
     * @return the owner's uid, or {@code null} where the file system has no {@code unix} view (another system, or a
     *         file system without owners): the checks that need it are then skipped, not failed
     */
    public static Object uid(Path file) {
        try {
            return Files.getAttribute(file, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
