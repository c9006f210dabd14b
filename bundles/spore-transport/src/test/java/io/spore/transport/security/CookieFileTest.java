package io.spore.transport.security;

import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class CookieFileTest {
    /** A cookie strong enough to be used: 32 characters of a 64-letter alphabet. */
    private static final String STRONG = "Qx7-vR2_mK9pL4sT8wZ1nB6cD3fG5hJ0";

    @TempDir
    Path home;

    @Test
    void theDefaultCookieIsMadeOnFirstUseOwnerOnlyAndKept() throws IOException {
        Path file = CookieFile.defaultPath(home);
        assertEquals(home.resolve(".spore/cookie"), file);

        Cookie first = CookieFile.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String text = Files.readString(file).strip();
        assertEquals(32, Base64.getUrlDecoder().decode(text).length, "32 random bytes, base64url: " + text);

        assertEquals(first, CookieFile.loadOrCreate(file), "a second use reads the same cookie");
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "nothing but the cookie is left in " + file.getParent());
        }
    }

    @Test
    void nodesStartingTogetherAgreeOnOneCookie() throws Exception {
        Path file = CookieFile.defaultPath(home);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Cookie>> cookies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                cookies.add(pool.submit((Callable<Cookie>) () -> CookieFile.loadOrCreate(file)));
            }
            List<Cookie> seen = new ArrayList<>();
            for (Future<Cookie> cookie : cookies) {
                seen.add(cookie.get());
            }
            Cookie expected = CookieFile.load(file);
            seen.forEach(cookie -> assertEquals(expected, cookie));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCookieOthersCanReadIsRefusedWithTheFix() throws IOException {
        Path file = home.resolve("cookie");
        Files.writeString(file, STRONG + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SporeException e = assertThrows(SporeException.class, () -> CookieFile.load(file));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("accessible by its owner only"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThrows(SporeException.class, () -> CookieFile.load(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Cookie.of(STRONG), CookieFile.load(file), "surrounding white space is not part of it");
    }

    @Test
    void aGivenFileMustExistAndHoldASecret() throws IOException {
        Path missing = home.resolve("nope");
        SporeException e = assertThrows(SporeException.class, () -> CookieFile.resolve(missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(Files.notExists(missing), "a named cookie file is never made up");

        Path empty = Files.createFile(home.resolve("empty"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(empty, "  \n");
        e = assertThrows(SporeException.class, () -> CookieFile.load(empty));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());

        e = assertThrows(SporeException.class, () -> CookieFile.load(home));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    /** The bound: fewer than 16 random bytes, a word or a phrase is refused with how to make a good one. */
    @Test
    void aWeakCookieIsRefusedWithHowToMakeAGoodOne() throws IOException {
        for (String weak : new String[]{"secret", "hunter2", "correct-horse", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abcdefghabcdefghabcdefghabcdefgh", "0123456789abcdef0123456789abcd", "ERLANGCOOKIEABCDEFGH"}) {
            Path file = home.resolve("weak");
            Files.writeString(file, weak + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            SporeException e = assertThrows(SporeException.class, () -> CookieFile.load(file), weak);
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().contains("weak cookie") && e.getMessage().contains("spore cookie --generate"),
                e.getMessage());
            assertTrue(!e.getMessage().contains(weak), "the message never shows the cookie: " + e.getMessage());
        }
        // 16 random bytes as hex (128 bits) are enough. As base64url the estimate counts only the alphabet it
        // sees, so 22 characters without a digit or symbol (one in a hundred) fall short: 32 bytes, as the
        // generator writes, never do.
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        assertTrue(CookieStrength.isStrong(java.util.HexFormat.of().formatHex(random)));
        byte[] generated = new byte[CookieFile.RANDOM_BYTES];
        new java.security.SecureRandom().nextBytes(generated);
        assertTrue(CookieStrength.isStrong(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(generated)));
    }

    @Test
    void generateWritesAStrongOwnerOnlyCookieAndReplacesOnlyOnPurpose() throws IOException {
        Path file = home.resolve("made").resolve("cookie");
        Cookie made = CookieFile.generate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(made, CookieFile.load(file));
        SporeException e = assertThrows(SporeException.class, () -> CookieFile.generate(file));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(made, CookieFile.load(file), "a refused generate leaves the cookie as it was");
        Cookie replaced = CookieFile.generate(file, true);
        assertTrue(!replaced.equals(made));
        assertEquals(replaced, CookieFile.load(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void theCookieNeverShowsInText() {
        assertTrue(!Cookie.of("hunter2").toString().contains("hunter2"));
    }
}
