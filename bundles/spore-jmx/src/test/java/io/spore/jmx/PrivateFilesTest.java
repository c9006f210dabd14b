package io.spore.jmx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A password or access file that others may read or write stops the connector at start, with the fix. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aGroupReadablePasswordFileIsRefusedWithTheFix() throws Exception {
        Path passwords = file("jmx.password", "admin secret\n", "rw-r-----");
        Path access = file("jmx.access", "admin readwrite\n", "rw-------");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Credentials.of(new JmxSettings(9010, 9010, "127.0.0.1", passwords, access, null)));
        assertTrue(refused.getMessage().contains("the JMX password file " + passwords), refused.getMessage());
        assertTrue(refused.getMessage().contains("chmod 600 " + passwords), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
    }

    @Test
    void anAccessFileOthersMayWriteIsRefused() throws Exception {
        Path passwords = file("jmx.password", "admin secret\n", "rw-------");
        Path access = file("jmx.access", "admin admin\n", "rw-rw-rw-");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Credentials.of(new JmxSettings(9010, 9010, "127.0.0.1", passwords, access, null)));
        assertTrue(refused.getMessage().contains("chmod 600 " + access), refused.getMessage());
    }

    @Test
    void generatedFilesLoosenedLaterAreRefusedToo() throws Exception {
        Path state = dir.resolve("state");
        Credentials.generate(state);
        Files.setPosixFilePermissions(state.resolve("jmx.password"), PosixFilePermissions.fromString("rw----r--"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Credentials.of(new JmxSettings(9010, 9010, "127.0.0.1", null, null, state)));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
    }

    @Test
    void privateFilesPass() throws Exception {
        Path passwords = file("jmx.password", "admin secret\n", "rw-------");
        Path access = file("jmx.access", "admin admin\n", "r--------");
        Credentials credentials = Credentials.of(new JmxSettings(9010, 9010, "127.0.0.1", passwords, access, null));
        assertEquals("admin", credentials.access().get("admin"));
    }

    private Path file(String name, String text, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
