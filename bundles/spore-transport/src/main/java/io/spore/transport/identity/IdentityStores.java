package io.spore.transport.identity;

import io.spore.api.SporeException;
import io.spore.api.host.PrivateFiles;
import io.spore.api.host.PrivateFolders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The files of node identities: PKCS#12 keystores and trust stores, and the password file that opens them.
 *
 * <p>Every one of them must be a regular file that only its owner, the node's user, may read or write
 * ({@link PrivateFiles}, the check of the cookie and the JMX files): someone who can read a keystore and its password
 * can be the node, and someone who can write a trust store chooses whom the node believes. A password file's password
 * is its first line exactly, without the line end, which is how keytool's {@code -storepass:file} reads it, so the
 * same file serves {@code spore} and {@code keytool}. By default one password, in {@code ~/.spore/identity.password},
 * opens all of a user's stores, and the nodes of a user share one trust store, {@code ~/.spore/trust.p12}.
 *
 * <p>Thread-safe: stateless.
 */
public final class IdentityStores {
    /** The alias of the node's key in a keystore {@code spore identity create} makes. */
    public static final String KEY_ALIAS = "spore";
    /** The default password file's name in {@code ~/.spore}. */
    public static final String PASSWORD_FILE = "identity.password";
    /** The default trust store's name in {@code ~/.spore}. */
    public static final String TRUSTSTORE_FILE = "trust.p12";
    /** A store larger than this is refused before it is read: it is surely the wrong file. */
    static final long MAX_STORE_BYTES = 1 << 20;
    /** A password file larger than this is refused: it is surely the wrong file. */
    static final long MAX_PASSWORD_FILE_BYTES = 4096;
    /** Random bytes in a new password, written as base64url text. */
    private static final int PASSWORD_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
        PosixFilePermissions.fromString("rw-------");

    private IdentityStores() {
    }

    /** @return {@code ~/.spore} of the user running this JVM ({@code user.home}) */
    public static Path sporeHome() {
        return Path.of(System.getProperty("user.home"), ".spore");
    }

    /** @return {@code ~/.spore/identity.password} */
    public static Path defaultPasswordFile() {
        return sporeHome().resolve(PASSWORD_FILE);
    }

    /** @return {@code ~/.spore/trust.p12} */
    public static Path defaultTruststore() {
        return sporeHome().resolve(TRUSTSTORE_FILE);
    }

    /**
     * @param file a password file
     * @return its first line, without the line end
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the file and the fix, when it is missing, not
     *                        owner-only, too large, unreadable or empty
     */
    public static char[] readPassword(Path file) {
        requirePrivateFile(file, "identity password file", MAX_PASSWORD_FILE_BYTES,
            "give the file whose first line opens the keystore and the trust store");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw invalid("identity password file " + file + " is empty: its first line must be the password of"
                    + " the keystore and the trust store");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw invalid("cannot read identity password file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a password file, first writing one with a new random password (32 bytes from {@link SecureRandom}, as
     * base64url text) when it does not exist: mode 0600, in a folder made with mode 0700 when missing.
     *
     * @param file a password file
     * @return its password
     * @throws SporeException as {@link #readPassword(Path)}, or when the file cannot be written
     */
    public static char[] readOrCreatePassword(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] random = new byte[PASSWORD_BYTES];
            new SecureRandom().nextBytes(random);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
            try {
                Path aside = writeAside(file, out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
                try {
                    Files.createLink(file, aside); // never replaces a file another command made meanwhile
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made by another command first: use that one
                } finally {
                    Files.deleteIfExists(aside);
                }
            } catch (IOException e) {
                throw invalid("cannot write identity password file " + file + ": " + e.getMessage());
            }
        }
        return readPassword(file);
    }

    /**
     * Reads a PKCS#12 store.
     *
     * @param file     the store
     * @param password its password
     * @param what     what it is, for the message ("identity keystore", "trust store")
     * @return the store, loaded
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the file and the fix, when it is missing, not
     *                        owner-only, too large, not PKCS#12, damaged, or the password does not open it
     */
    public static KeyStore load(Path file, char[] password, String what) {
        requirePrivateFile(file, what, MAX_STORE_BYTES, "name a PKCS#12 file made with spore identity or keytool");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw invalid(what + " " + file + " does not open with the password given (wrong password): give"
                    + " the password file it was made with");
            }
            throw invalid(what + " " + file + " is not a PKCS#12 keystore, or is damaged ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (GeneralSecurityException e) {
            throw invalid(what + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * @param store    a node's keystore
     * @param password its password, which also protects its key
     * @param file     where it was read, for the message
     * @return its one key, with the key's certificate chain
     * @throws SporeException {@code INVALID_ARGUMENT} when it holds no key or more than one, or the key cannot be
     *                        read with the password
     */
    public static KeyStore.PrivateKeyEntry keyEntry(KeyStore store, char[] password, Path file) {
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw invalid("identity keystore " + file + " holds " + (keys.isEmpty() ? "no private key"
                    : keys.size() + " private keys " + keys) + ": a node's keystore holds exactly one, its own;"
                    + " make one with spore identity create NAME@HOST");
            }
            KeyStore.Entry entry = store.getEntry(keys.get(0), new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.PrivateKeyEntry keyEntry)) {
                throw invalid("identity keystore " + file + ": entry " + keys.get(0) + " is not a private key");
            }
            return keyEntry;
        } catch (UnrecoverableKeyException e) {
            throw invalid("identity keystore " + file + ": its key does not open with the store's password: give"
                + " the key the store's password (keytool -keypasswd)");
        } catch (GeneralSecurityException e) {
            throw invalid("identity keystore " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Writes a store whole, owner-only: to a file of its own beside {@code file} (mode 0600 from the start), then
     * moved into place, so a reader sees the old store or the new one, never half of one.
     *
     * @param store    the store
     * @param password its password
     * @param file     where it goes; replaced if it exists
     * @throws SporeException {@code INVALID_ARGUMENT} when it cannot be written
     */
    public static void save(KeyStore store, char[] password, Path file) {
        try {
            Path aside = writeAside(file, out -> {
                try {
                    store.store(out, password);
                } catch (GeneralSecurityException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
            try {
                Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(aside);
            }
        } catch (IOException e) {
            throw invalid("cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * Checks a file every identity reads before reading it.
     *
     * @param file    the file
     * @param what    what it is, for the message
     * @param maxSize the largest size it may have
     * @param fix     what to do when it is missing
     */
    static void requirePrivateFile(Path file, String what, long maxSize, String fix) {
        if (!Files.isRegularFile(file)) {
            throw invalid(what + " " + file + (Files.exists(file) ? " is not a regular file" : " does not exist")
                + ": " + fix);
        }
        try {
            PrivateFiles.requireOwnerOnly(file, what);
            if (Files.size(file) > maxSize) {
                throw invalid(what + " " + file + " is larger than " + maxSize + " bytes: is it the right file?");
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw invalid(e.getMessage());
        } catch (IOException e) {
            throw invalid("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /** Writes what {@code content} writes to a new file beside {@code file}, owner-only from the start. */
    private static Path writeAside(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            try {
                PrivateFolders.createPrivate(dir, "folder of " + file.getFileName());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        FileAttribute<?>[] ownerOnly = posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)} : new FileAttribute<?>[0];
        Path aside = Files.createTempFile(dir, "." + file.getFileName() + "-", ".new", ownerOnly);
        try (OutputStream out = Files.newOutputStream(aside)) {
            content.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(aside);
            throw e;
        }
        return aside;
    }

    /** What goes into a file written aside. */
    @FunctionalInterface
    private interface Content {
        void write(OutputStream out) throws IOException;
    }

    static SporeException invalid(String message) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, message);
    }
}
