package io.spore.core.osgi;

import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The node's Metatype description lists what the node reads, and says live only of what applies live. */
class NodeSettingsDescriptionTest {
    @Test
    void theDescriptionListsExactlyTheSettingsTheNodeReads() {
        Set<String> read = new TreeSet<>();
        NodeSettings.read(name -> {
            read.add(name);
            return null;
        });
        Set<String> described = new TreeSet<>();
        NodeSettings.DESCRIPTION.settings().forEach(setting -> described.add(setting.name()));
        assertEquals(read, described);
    }

    @Test
    void onlyTheLiveSettingsApplyWithoutARestart() {
        Map<SporeProperty<?>, String> changed = Map.of(SporeProperties.NODE_NAME, "other@localhost",
            SporeProperties.WORKERS, "3", SporeProperties.THROUGHPUT, "7", SporeProperties.MAILBOX_LIMIT, "9",
            SporeProperties.REMOTE_SPAWN, "false", SporeProperties.EXPOSE_ENV_REMOTE_SPAWN, "true",
            SporeProperties.STATE_DIR, "/tmp/elsewhere");
        assertEquals(Set.copyOf(NodeSettings.DESCRIPTION.settings()), changed.keySet(), "every setting is tried");
        NodeSettings running = NodeSettings.read(name -> null);
        changed.forEach((setting, value) -> {
            Map<String, String> one = new HashMap<>();
            one.put(setting.name(), value);
            PropertySource source = one::get;
            List<String> restart = NodeSettings.read(source).needingRestart(running);
            boolean live = NodeSettings.DESCRIPTION.live().contains(setting);
            assertEquals(live ? List.of() : List.of(setting.name()), restart, setting.name());
        });
    }
}
