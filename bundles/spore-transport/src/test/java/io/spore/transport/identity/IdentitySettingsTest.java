package io.spore.transport.identity;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A node has an identity when its keystore is named; the other two files then have defaults in ~/.spore. */
class IdentitySettingsTest {
    @Test
    void withoutAKeystoreThereIsNoIdentity() {
        assertEquals(Optional.empty(), IdentitySettings.from(Map.of("spore.identity.truststore", "/t.p12")::get));
    }

    @Test
    void theTrustStoreAndThePasswordFileDefaultToTheSporeHome() {
        Path home = Path.of(System.getProperty("user.home"), ".spore");
        assertEquals(new IdentitySettings(Path.of("/k.p12"), home.resolve("trust.p12"),
                home.resolve("identity.password")),
            IdentitySettings.from(Map.of("spore.identity.keystore", "/k.p12")::get).orElseThrow());
    }

    @Test
    void everyFileCanBeNamed() {
        assertEquals(new IdentitySettings(Path.of("/k.p12"), Path.of("/t.p12"), Path.of("/p")),
            IdentitySettings.from(Map.of("spore.identity.keystore", "/k.p12", "spore.identity.truststore", "/t.p12",
                "spore.identity.password.file", "/p")::get).orElseThrow());
    }
}
