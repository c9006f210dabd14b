package io.spore.transport.security;

import io.spore.api.SporeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file that holds a node's {@link Cookie}, in the manner of Erlang's {@code ~/.erlang.cookie}.
 *
 * <p>The default file, {@code ~/.spore/cookie}, is made on first use: 32 random bytes from {@link SecureRandom},
 * written as unpadded base64url text, mode {@code 0600} in a directory of mode {@code 0700}. A file given by the
 * user must already exist. Either way the file must be accessible by its owner only: on a POSIX file system a
 * cookie that group or others can read or write is refused, as Erlang refuses it, since anyone who reads it can
 * join the cluster. The cookie is the file's text with surrounding white space removed, and it must be strong:
 * a cookie of less than {@value CookieStrength#MIN_BITS} bits by {@link CookieStrength}'s estimate (a word, a
 * phrase, fewer than 16 random bytes) is refused with a message saying how to make a good one
 * ({@code spore cookie --generate}, or {@link #generate(Path)}).
 *
 * <p>Two nodes that start at once may both create the default file; the file appears whole or not at all (written
 * aside, then linked into place without replacing), so both end up with the same cookie.
 *
 * <p>Thread-safe: stateless.
 */
public final class CookieFile {
    /** Random bytes in a new cookie: 256 bits, the HMAC-SHA256 key length. */
    static final int RANDOM_BYTES = 32;
    /** A cookie file larger than this is refused: it is surely the wrong file. */
    static final int MAX_FILE_BYTES = 4096;

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private CookieFile() {
    }

    /** @return {@code ~/.spore/cookie} of the user running this JVM ({@code user.home}) */
    public static Path defaultPath() {
        return defaultPath(Path.of(System.getProperty("user.home")));
    }

    /**
     * @param home a home directory
     * @return {@code .spore/cookie} in it
     */
    public static Path defaultPath(Path home) {
        return home.resolve(".spore").resolve("cookie");
    }

    /**
     * The cookie of a node's configuration.
     *
     * @param configured the cookie file the user named, or {@code null} for the default one
     * @return {@link #load(Path)} of the named file, or {@link #loadOrCreate(Path)} of the default one
     * @throws SporeException       {@code INVALID_ARGUMENT} as those methods say
     * @throws UncheckedIOException as those methods say
     */
    public static Cookie resolve(Path configured) {
        return configured == null ? loadOrCreate(defaultPath()) : load(configured);
    }

    /**
     * Reads the cookie file, making it (and its directory) first when it does not exist.
     *
     * @param path the cookie file
     * @return its cookie
     * @throws SporeException       {@code INVALID_ARGUMENT} when the file is accessible by others than its owner,
     *                              is empty or is too large
     * @throws UncheckedIOException when the file cannot be made or read
     */
    public static Cookie loadOrCreate(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            create(path);
        }
        return load(path);
    }

    /**
     * Reads an existing cookie file.
     *
     * @param path the cookie file
     * @return its cookie
     * @throws SporeException       {@code INVALID_ARGUMENT} when the file does not exist, is accessible by others
     *                              than its owner, is not a regular file, is empty or is too large
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Cookie load(Path path) {
        try {
            if (!Files.isRegularFile(path)) {
                throw invalid("cookie file " + path + (Files.exists(path) ? " is not a regular file"
                    : " does not exist") + ": name an existing file, or leave the cookie file out to use "
                    + defaultPath());
            }
            checkOwnerOnly(path);
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw invalid("cookie file " + path + " is larger than " + MAX_FILE_BYTES + " bytes: is it the right"
                    + " file?");
            }
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw invalid("cookie file " + path + " is empty: write a secret into it, or delete it to have a new"
                    + " one made");
            }
            if (!CookieStrength.isStrong(text)) {
                throw invalid("cookie file " + path + " holds a weak cookie (about "
                    + Math.round(CookieStrength.estimatedBits(text)) + " bits; at least " + CookieStrength.MIN_BITS
                    + " are needed, as in 16 random bytes): make a strong one with 'spore cookie --generate --file "
                    + path + " --force' and give it to every node of the cluster");
            }
            return Cookie.of(text);
        } catch (NoSuchFileException e) {
            throw invalid("cookie file " + path + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cookie file " + path + ": " + e.getMessage(), e);
        }
    }

    private static void checkOwnerOnly(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: its access control is not ours to judge
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
            throw invalid("cookie file " + path + " must be accessible by its owner only, but its mode is "
                + PosixFilePermissions.toString(permissions) + ": run chmod 600 " + path);
        }
    }

    /**
     * Writes a new random cookie ({@value #RANDOM_BYTES} bytes from {@link SecureRandom}) to {@code path}, mode
     * {@code 0600}, making its directory (mode {@code 0700}) when missing; an existing file is replaced only when
     * {@code replace} is set, and then whole (written aside, then moved into place).
     *
     * @param path    the cookie file
     * @param replace whether an existing file may be replaced
     * @return the new cookie
     * @throws SporeException       {@code INVALID_ARGUMENT} when the file exists and {@code replace} is not set
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Cookie generate(Path path, boolean replace) {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) {
                throw invalid("cookie file " + path + " exists already: every node that uses it would be locked out"
                    + " by a new one; replace it on purpose with --force, then give it to every node");
            }
            Path aside = writeAside(path);
            try {
                Files.move(aside, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replace cookie file " + path + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(aside);
            }
        } else {
            create(path);
        }
        return load(path);
    }

    /** {@link #generate(Path, boolean)} without replacing an existing file. */
    public static Cookie generate(Path path) {
        return generate(path, false);
    }

    private static void create(Path path) {
        Path aside = writeAside(path);
        try {
            publish(aside, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cookie file " + path + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(aside);
        }
    }

    /** Writes a new cookie to a file of its own beside {@code path}, owner-only from the start. */
    private static Path writeAside(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        boolean posix = supportsPosix(dir);
        Path aside = null;
        try {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
            aside = Files.createTempFile(dir, ".cookie-", ".new", attributes);
            Files.writeString(aside, newCookieText() + "\n", StandardCharsets.UTF_8);
            return aside;
        } catch (IOException e) {
            deleteQuietly(aside);
            throw new UncheckedIOException("cannot create cookie file " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover ".cookie-*.new" is harmless: it is never read
            }
        }
    }

    /** Puts the finished file in place without ever replacing one another node published first. */
    private static void publish(Path aside, Path path) throws IOException {
        try {
            Files.createLink(path, aside);
        } catch (FileAlreadyExistsException e) {
            // another node made it first: both use that one
        } catch (UnsupportedOperationException | IOException e) {
            try {
                Files.move(aside, path); // no hard links here; a move that does not replace is the next best
            } catch (FileAlreadyExistsException alreadyThere) {
                // another node made it first
            }
        }
    }

    private static boolean supportsPosix(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }

    private static String newCookieText() {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static SporeException invalid(String message) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, message);
    }
}
