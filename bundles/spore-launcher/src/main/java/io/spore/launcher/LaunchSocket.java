package io.spore.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;

/**
 * Where the launch daemon of this user listens: {@code $XDG_RUNTIME_DIR/spore/launch.sock} when that variable
 * names a folder (systemd's per-user runtime folder, mode 0700), else {@code ~/.spore/launch.sock}. The folder is
 * kept at mode 0700 and owned by the user, so nobody else can even reach the socket; the daemon also checks each
 * peer's user id ({@link PeerCredentials}).
 */
public final class LaunchSocket {
    /** The socket's file name in its folder. */
    public static final String FILE_NAME = "launch.sock";
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private LaunchSocket() {
    }

    /** @return the default socket path of the user running this JVM */
    public static Path defaultPath() {
        return defaultPath(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** @return the default socket path for this environment and home folder */
    static Path defaultPath(Map<String, String> env, Path home) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "spore", FILE_NAME);
        }
        return home.resolve(".spore").resolve(FILE_NAME);
    }

    /**
     * Creates the socket's folder with mode 0700 if missing, or checks that an existing one belongs to this user
     * and tightens it to 0700.
     *
     * @param socket the socket path
     * @throws LaunchException when the folder cannot be created or belongs to someone else
     */
    static void prepareFolder(Path socket) {
        Path dir = socket.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal me = currentUser(dir);
            if (!owner.equals(me)) {
                throw new LaunchException("the socket folder " + dir + " belongs to " + owner.getName() + ", not to "
                    + me.getName() + ": use a folder of your own with --socket");
            }
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        } catch (IOException e) {
            throw new LaunchException("cannot prepare the socket folder " + dir + ": " + e, e);
        }
    }

    /** @return this process's user, as the file system names it */
    static UserPrincipal currentUser(Path anywhere) throws IOException {
        // A temporary file is created with our effective uid: its owner is us, whatever user.name says.
        Path probe = Files.createTempFile(anywhere, ".owner", ".tmp");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
