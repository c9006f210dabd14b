package io.spore.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriberSecretTest {
    private static SubscriberSecret of(String text) {
        return SubscriberSecret.fromText(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineVerifiesOnlyWithItsKeyNonceAndNumber() {
        SubscriberSecret secret = of("sixteen bytes at least");
        String line = secret.sign("n1", 1, "{\"label\":\"a b\"}");
        assertEquals("{\"label\":\"a b\"}", secret.verify("n1", 1, line));
        assertNull(secret.verify("n2", 1, line));
        assertNull(secret.verify("n1", 2, line));
        assertNull(of("another secret, as long").verify("n1", 1, line));
        assertNull(secret.verify("n1", 1, line.replace("a b", "a c")));
        assertNull(secret.verify("n1", 1, "{\"label\":\"a b\"}"));
    }

    @Test
    void theKeyTravelsEncodedButNeverShows() {
        SubscriberSecret secret = of("sixteen bytes at least");
        assertEquals(secret, SubscriberSecret.decode(secret.encoded()));
        assertNotEquals(secret, of("sixteen bytes at least!"));
        assertFalse(secret.toString().contains(secret.encoded()));
        assertFalse(secret.encoded().contains(java.util.Base64.getEncoder().encodeToString(
            "sixteen bytes at least".getBytes(StandardCharsets.UTF_8))), "the text itself never travels");
        assertThrows(LaunchException.class, () -> SubscriberSecret.decode("not base64!"));
        assertThrows(LaunchException.class, () -> SubscriberSecret.decode("c2hvcnQ="));
        assertThrows(LaunchException.class, () -> of("too short"));
    }

    @Test
    void aSecretFileMustBeOwnerOnly(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("secret");
        Files.writeString(file, "  a secret of enough bytes\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        LaunchException loose = assertThrows(LaunchException.class, () -> SubscriberSecret.fromFile(file));
        assertTrue(loose.getMessage().contains("secret file " + file + " can be read or written by group or others"),
            loose.getMessage());
        assertTrue(loose.getMessage().contains("chmod 600 " + file), loose.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(of("a secret of enough bytes"), SubscriberSecret.fromFile(file));

        LaunchException missing = assertThrows(LaunchException.class,
            () -> SubscriberSecret.fromFile(tmp.resolve("none")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.writeString(file, "short");
        LaunchException shortOne = assertThrows(LaunchException.class, () -> SubscriberSecret.fromFile(file));
        assertTrue(shortOne.getMessage().startsWith("secret file " + file + ": a subscriber secret needs at least 16"),
            shortOne.getMessage());
    }
}
