package io.spore.jmx;

import io.spore.api.config.SporeProperties;
import io.spore.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector's password and access files, in the JDK's own formats (those of {@code jmxremote.password} and
 * {@code jmxremote.access}): one entry per line, {@code user password} and {@code user readonly|readwrite|admin}
 * ({@link AccessLevel}), with {@code #} comments. They are read at every login, so an edit applies to the next
 * connection. At start both must be readable and writable by their owner only, the node's user
 * ({@link PrivateFiles}), or the connector does not start.
 *
 * <p>When no files are given, {@link #generate} writes both into the node's state folder on first use, readable
 * by the owner only: {@value #MONITOR_ROLE} (read-only) and {@value #CONTROL_ROLE} (read-write), each with a random
 * password, as the JDK's agent names its roles. No {@code admin} user is generated: reaching the platform's MBeans
 * is a choice an administrator writes into the access file.
 */
final class Credentials {
    private static final System.Logger LOG = System.getLogger(Credentials.class.getName());
    /** The generated read-only user. */
    static final String MONITOR_ROLE = "monitorRole";
    /** The generated read-write user. */
    static final String CONTROL_ROLE = "controlRole";
    /** Access level: attributes and notifications only. */
    static final String READONLY = "readonly";
    /** Access level: also setting attributes and invoking operations on the node's own MBeans. */
    static final String READWRITE = "readwrite";
    /** Access level: also every other MBean, the platform's included. */
    static final String ADMIN = "admin";

    private final Path passwordFile;
    private final Path accessFile;

    Credentials(Path passwordFile, Path accessFile) {
        this.passwordFile = passwordFile;
        this.accessFile = accessFile;
    }

    /** @return the files of {@code settings}, generating the missing ones in the state folder */
    static Credentials of(JmxSettings settings) {
        Path passwords = settings.passwordFile();
        Path access = settings.accessFile();
        if (passwords != null && access != null) {
            requireFile(passwords, SporeProperties.JMX_PASSWORD_FILE.name());
            requireFile(access, SporeProperties.JMX_ACCESS_FILE.name());
            return new Credentials(passwords, access).requirePrivate();
        }
        if (passwords != null) {
            requireFile(passwords, SporeProperties.JMX_PASSWORD_FILE.name());
            throw new IllegalArgumentException("a JMX password file (" + passwords + ") needs an access file too"
                + " (lines 'user readonly' or 'user readwrite'): give --jmx-access-file");
        }
        if (access != null) {
            throw new IllegalArgumentException("a JMX access file (" + access + ") needs a password file too: give"
                + " --jmx-password-file");
        }
        if (settings.stateDir() == null) {
            throw new IllegalArgumentException("the JMX connector needs a password file and an access file, or a"
                + " state folder to generate them in: give --jmx-password-file and --jmx-access-file");
        }
        return generate(settings.stateDir()).requirePrivate();
    }

    /**
     * @return these credentials, once both files are found readable and writable by their owner only
     * @throws IllegalArgumentException naming the file and the fix ({@code chmod 600 FILE}) when one is not
     */
    Credentials requirePrivate() {
        PrivateFiles.requireOwnerOnly(passwordFile, "the JMX password file");
        PrivateFiles.requireOwnerOnly(accessFile, "the JMX access file");
        return this;
    }

    /** Writes {@code jmx.password} and {@code jmx.access} into {@code dir} unless they exist, mode 0600. */
    static Credentials generate(Path dir) {
        Path passwords = dir.resolve("jmx.password");
        Path access = dir.resolve("jmx.access");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(passwords)) {
                writePrivate(passwords, "# Spore JMX users: 'user password' per line; read at every login.\n"
                    + MONITOR_ROLE + " " + randomPassword() + "\n"
                    + CONTROL_ROLE + " " + randomPassword() + "\n");
            }
            if (!Files.exists(access)) {
                writePrivate(access, "# Spore JMX access: 'user LEVEL' per line; read at every login. LEVEL is\n"
                    + "# " + READONLY + " (read attributes, query, listen to notifications),\n"
                    + "# " + READWRITE + " (also set attributes and invoke operations on the io.spore MBeans), or\n"
                    + "# " + ADMIN + " (also every platform MBean, such as DiagnosticCommand: the node's user's powers).\n"
                    + MONITOR_ROLE + " " + READONLY + "\n"
                    + CONTROL_ROLE + " " + READWRITE + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JMX password and access files in " + dir + ": " + e, e);
        }
        return new Credentials(passwords, access);
    }

    Path passwordFile() {
        return passwordFile;
    }

    Path accessFile() {
        return accessFile;
    }

    /** @return user to password, read now */
    Map<String, String> passwords() {
        return entries(passwordFile);
    }

    /** @return user to access level, read now */
    Map<String, String> access() {
        return entries(accessFile);
    }

    private static Map<String, String> entries(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("\\s+", 2);
            if (words.length == 2) {
                entries.put(words[0], words[1].strip());
            }
        }
        return entries;
    }

    /**
     * Writes a file only its owner may read. On a POSIX file system it is created with mode 0600 before any byte is
     * written, so the passwords are never readable by others, not even for an instant; elsewhere the folder's own
     * protection is all there is, and the node says so.
     */
    private static void writePrivate(Path file, String text) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            LOG.log(System.Logger.Level.WARNING, () -> file + " is on a file system without POSIX permissions: only"
                + " its folder's protection keeps the JMX passwords in it private");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void requireFile(Path file, String property) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(property + " " + file + (Files.exists(file) ? " is not a regular file"
                : " does not exist") + ": name an existing file, or leave it out to generate one in the state folder");
        }
    }
}
