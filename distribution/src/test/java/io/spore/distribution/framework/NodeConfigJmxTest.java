package io.spore.distribution.framework;

import io.spore.api.NodeName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The contract with the core and the JMX bundle: the state folder and the connector's settings as properties. */
class NodeConfigJmxTest {
    @TempDir
    Path tmp;

    @Test
    void everyJmxSettingBecomesItsProperty() throws Exception {
        Path passwords = Files.writeString(tmp.resolve("jmx.password"), "admin secret\n");
        Path access = Files.writeString(tmp.resolve("jmx.access"), "admin readwrite\n");
        Map<String, String> properties = FrameworkProperties.of(config()
            .stateDir(tmp.resolve("state"))
            .jmxPort(9010)
            .jmxRmiPort(9011)
            .jmxHost("0.0.0.0")
            .jmxPasswordFile(passwords)
            .jmxAccessFile(access)
            .conclude(), tmp);
        assertEquals(tmp.resolve("state").toAbsolutePath().toString(), properties.get("spore.state.dir"));
        assertEquals("9010", properties.get("spore.jmx.port"));
        assertEquals("9011", properties.get("spore.jmx.rmi.port"));
        assertEquals("0.0.0.0", properties.get("spore.jmx.host"));
        assertEquals(passwords.toAbsolutePath().toString(), properties.get("spore.jmx.password.file"));
        assertEquals(access.toAbsolutePath().toString(), properties.get("spore.jmx.access.file"));
    }

    @Test
    void withoutAJmxPortThereIsNoConnector() {
        Map<String, String> properties = FrameworkProperties.of(config().conclude(), tmp);
        for (String key : List.of("spore.jmx.port", "spore.jmx.rmi.port", "spore.jmx.host", "spore.jmx.password.file",
            "spore.jmx.access.file", "spore.state.dir")) {
            assertFalse(properties.containsKey(key), key);
        }
    }

    @Test
    void conclusionRefusesJmxSettingsThatCannotWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x y\n");
        assertThrows(ActionableException.class, () -> config().jmxPort(0).stateDir(tmp).conclude());
        assertThrows(ActionableException.class, () -> config().jmxHost("0.0.0.0").conclude());
        assertThrows(ActionableException.class, () -> config().jmxPort(9010).jmxPasswordFile(file).conclude());
        assertThrows(ActionableException.class, () -> config().jmxPort(9010).conclude()); // nowhere to keep passwords
    }

    private NodeConfig config() {
        try {
            Path bundle = Files.exists(tmp.resolve("core.jar")) ? tmp.resolve("core.jar")
                : Files.createFile(tmp.resolve("core.jar"));
            return new NodeConfig()
                .name(NodeName.parse("a@localhost"))
                .deployDir(tmp.resolve("deploy"))
                .bundles(List.of(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
