package io.spore.api.config;

import org.junit.jupiter.api.Test;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LayeredPropertiesTest {
    private final Map<String, String> framework = Map.of("spore.transport.port", "4000",
        "spore.heartbeat.interval.ms", "300");

    @Test
    void aConfiguredKeyWinsAndOthersFallBack() {
        LayeredProperties layered = new LayeredProperties(Map.of("spore.transport.port", "5000"), framework::get);
        assertEquals("5000", layered.get("spore.transport.port"));
        assertEquals("300", layered.get("spore.heartbeat.interval.ms"));
        assertNull(layered.get("spore.routes"));
        assertEquals(5000, SporeProperties.TRANSPORT_PORT.read(layered));
    }

    @Test
    void valuesOfAnyTypeBecomeTheTextsTheReadersTake() {
        Dictionary<String, Object> configuration = new Hashtable<>();
        configuration.put("spore.transport.port", 5000);
        configuration.put("spore.remote.spawn", Boolean.FALSE);
        configuration.put("spore.routes", new String[] {"a@h=10.0.0.1:1", "b@h=10.0.0.2:2"});
        configuration.put("spore.spawn.nodes", List.of("a@h", "b@h"));
        assertEquals(Map.of("spore.transport.port", "5000", "spore.remote.spawn", "false",
            "spore.routes", "a@h=10.0.0.1:1,b@h=10.0.0.2:2", "spore.spawn.nodes", "a@h,b@h"),
            LayeredProperties.texts(configuration));
        assertEquals(5000, SporeProperties.TRANSPORT_PORT.read(new LayeredProperties(
            LayeredProperties.texts(configuration), name -> null)));
    }

    @Test
    void settingsAreTheSporeKeysAlone() {
        Dictionary<String, Object> configuration = new Hashtable<>();
        configuration.put("service.pid", "io.spore.transport");
        configuration.put("felix.fileinstall.filename", "file:/etc/io.spore.transport.cfg");
        configuration.put("spore.transport.port", 5000);
        assertEquals(Map.of("spore.transport.port", "5000"), LayeredProperties.settings(configuration));
        assertEquals(Map.of(), LayeredProperties.settings(null));
    }

    @Test
    void noConfigurationIsTheFallbackAlone() {
        LayeredProperties layered = new LayeredProperties(LayeredProperties.texts(null), framework::get);
        assertEquals(Map.of(), layered.configured());
        assertEquals("4000", layered.get("spore.transport.port"));
    }
}
