package io.spore.jmx;

import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector's framework properties and files: defaults, and errors that say what to do. */
class JmxSettingsTest {
    @TempDir
    Path dir;

    /** The Metatype description of io.spore.jmx lists what the connector reads, no more, no less. */
    @Test
    void theDescriptionListsExactlyTheSettingsTheConnectorReads() {
        Map<String, String> given = Map.of("spore.jmx.port", "9000", "spore.jmx.ssl", "true");
        Set<String> read = new TreeSet<>();
        JmxSettings.read(name -> {
            read.add(name);
            return given.get(name);
        });
        Set<String> described = new TreeSet<>();
        JmxSettings.DESCRIPTION.settings().forEach(setting -> described.add(setting.name()));
        assertEquals(read, described);
    }

    @Test
    void withoutAPortThereIsNoConnector() {
        assertNull(JmxSettings.read(Map.<String, String>of()::get));
    }

    @Test
    void theDefaultsAreLoopbackAndOnePort() {
        JmxSettings settings = JmxSettings.read(Map.of("spore.jmx.port", "9010")::get);
        assertEquals(9010, settings.port());
        assertEquals(9010, settings.rmiPort());
        assertEquals("127.0.0.1", settings.host());
        assertNull(settings.passwordFile());
    }

    @Test
    void everySettingIsRead() {
        JmxSettings settings = JmxSettings.read(Map.of("spore.jmx.port", "9010", "spore.jmx.rmi.port", "9011",
            "spore.jmx.host", "0.0.0.0", "spore.jmx.password.file", "p", "spore.jmx.access.file", "a",
            "spore.state.dir", "s")::get);
        assertEquals(9011, settings.rmiPort());
        assertEquals("0.0.0.0", settings.host());
        assertEquals(Path.of("p").toAbsolutePath(), settings.passwordFile());
        assertEquals(Path.of("a").toAbsolutePath(), settings.accessFile());
        assertEquals(Path.of("s").toAbsolutePath(), settings.stateDir());
    }

    @Test
    void aBadPortNamesTheProperty() {
        SporeException e = assertThrows(SporeException.class,
            () -> JmxSettings.read(Map.of("spore.jmx.port", "0")::get));
        assertTrue(e.getMessage().contains("spore.jmx.port"), e.getMessage());
        assertThrows(SporeException.class, () -> JmxSettings.read(Map.of("spore.jmx.port", "x")::get));
    }

    @Test
    void filesMustBeGivenTogetherOrGenerated() throws Exception {
        Path passwords = Files.writeString(dir.resolve("p"), "admin secret\n");
        assertThrows(IllegalArgumentException.class, () -> Credentials.of(
            new JmxSettings(9010, 9010, "127.0.0.1", passwords, null, null)));
        IllegalArgumentException nowhere = assertThrows(IllegalArgumentException.class, () -> Credentials.of(
            new JmxSettings(9010, 9010, "127.0.0.1", null, null, null)));
        assertTrue(nowhere.getMessage().contains("--jmx-password-file"), nowhere.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Credentials.of(
            new JmxSettings(9010, 9010, "127.0.0.1", passwords, dir.resolve("none"), null)));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aUserWithoutAnAccessEntryIsRefused() throws Exception {
        Path passwords = Files.writeString(dir.resolve("p"), "# users\nadmin secret\nguest guest\n");
        Path access = Files.writeString(dir.resolve("a"), "admin readwrite\n");
        PasswordAuthenticator authenticator = new PasswordAuthenticator(new Credentials(passwords, access));
        assertTrue(authenticator.authenticate(new String[] {"admin", "secret"}).getPrincipals(AccessLevel.class)
            .stream().anyMatch(AccessLevel::mayWrite));
        assertThrows(SecurityException.class, () -> authenticator.authenticate(new String[] {"guest", "guest"}));
        assertThrows(SecurityException.class, () -> authenticator.authenticate(new String[] {"admin", "secreT"}));
        assertThrows(SecurityException.class, () -> authenticator.authenticate("admin"));
    }

    @Test
    void tlsIsOffByDefaultAndItsPropertiesAreRead() {
        assertNull(JmxSettings.read(Map.of("spore.jmx.port", "9010")::get).tls());
        JmxSettings settings = JmxSettings.read(Map.of("spore.jmx.port", "9010", "spore.jmx.ssl", "true",
            "spore.jmx.ssl.keystore", "k.p12", "spore.jmx.ssl.keystore.password.file", "pw",
            "spore.jmx.ssl.keystore.type", "JKS")::get);
        TlsSettings tls = settings.tls();
        assertTrue(tls.registry(), "the registry speaks TLS too by default");
        assertEquals(Path.of("k.p12").toAbsolutePath(), tls.keystore());
        assertEquals(Path.of("pw").toAbsolutePath(), tls.passwordFile());
        assertEquals("JKS", tls.keystoreType());
        assertFalse(JmxSettings.read(Map.of("spore.jmx.port", "9010", "spore.jmx.ssl", "true",
            "spore.jmx.ssl.keystore.password", "secret")::get).toString().contains("secret"), "no password in logs");
    }

    @Test
    void tlsSettingsWithoutTlsOrAPlainRegistryOnTheSamePortAreRefused() {
        SporeException orphan = assertThrows(SporeException.class, () -> JmxSettings.read(
            Map.of("spore.jmx.port", "9010", "spore.jmx.ssl.keystore", "k.p12")::get));
        assertTrue(orphan.getMessage().contains("spore.jmx.ssl=true"), orphan.getMessage());
        SporeException shared = assertThrows(SporeException.class, () -> JmxSettings.read(
            Map.of("spore.jmx.port", "9010", "spore.jmx.ssl", "true", "spore.jmx.registry.ssl", "false")::get));
        assertTrue(shared.getMessage().contains("spore.jmx.rmi.port"), shared.getMessage());
        assertFalse(JmxSettings.read(Map.of("spore.jmx.port", "9010", "spore.jmx.rmi.port", "9011",
            "spore.jmx.ssl", "true", "spore.jmx.registry.ssl", "false")::get).tls().registry());
        assertThrows(SporeException.class, () -> JmxSettings.read(
            Map.of("spore.jmx.port", "9010", "spore.jmx.ssl", "yes")::get));
    }

    @Test
    void anAdminEntryGivesTheAdminLevel() throws Exception {
        Path passwords = Files.writeString(dir.resolve("p"), "root secret\n");
        Path access = Files.writeString(dir.resolve("a"), "root admin\n");
        PasswordAuthenticator authenticator = new PasswordAuthenticator(new Credentials(passwords, access));
        assertEquals(java.util.Set.of(AccessLevel.ADMIN),
            authenticator.authenticate(new String[] {"root", "secret"}).getPrincipals(AccessLevel.class));
    }
}
