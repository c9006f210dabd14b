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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract with the metrics bundle: the endpoint's port and address as framework properties. */
class NodeConfigMetricsTest {
    @TempDir
    Path tmp;

    @Test
    void theMetricsSettingsBecomeTheirProperties() {
        Map<String, String> properties = FrameworkProperties.of(config().metricsPort(9464).metricsBind("0.0.0.0")
            .conclude(), tmp);
        assertEquals("9464", properties.get("spore.metrics.port"));
        assertEquals("0.0.0.0", properties.get("spore.metrics.bind"));
    }

    @Test
    void withoutAMetricsPortThereIsNoEndpoint() {
        Map<String, String> properties = FrameworkProperties.of(config().conclude(), tmp);
        assertFalse(properties.containsKey("spore.metrics.port"));
        assertFalse(properties.containsKey("spore.metrics.bind"));
    }

    @Test
    void conclusionRefusesMetricsSettingsThatCannotWork() {
        ActionableException zero = assertThrows(ActionableException.class, () -> config().metricsPort(0).conclude());
        assertTrue(zero.getMessage().contains("from 1 to 65535"), zero.getMessage());
        assertThrows(ActionableException.class, () -> config().metricsBind("0.0.0.0").conclude());
        assertThrows(ActionableException.class, () -> config().metricsPort(9464).metricsBind(" ").conclude());
    }

    private NodeConfig config() {
        try {
            Path bundle = Files.exists(tmp.resolve("core.jar")) ? tmp.resolve("core.jar")
                : Files.createFile(tmp.resolve("core.jar"));
            return new NodeConfig().name(NodeName.parse("a@localhost")).deployDir(tmp.resolve("deploy"))
                .bundles(List.of(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
