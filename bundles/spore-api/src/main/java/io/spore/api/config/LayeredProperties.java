package io.spore.api.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings configured for a bundle (a Configuration Admin configuration, say) laid over a fallback such as the
 * framework's properties: a key the configuration sets wins, any other is read from the fallback. The
 * configuration's values are kept as the texts {@link SporeProperty} readers take, so a setting means the same
 * wherever it comes from.
 *
 * <p>Threading: immutable, provided the fallback may be read from any thread (a bundle's framework properties may).
 */
public final class LayeredProperties implements PropertySource {
    private final Map<String, String> configured;
    private final PropertySource fallback;

    /**
     * @param configured the configured settings by name, as {@link #texts(Dictionary)} gives them; copied
     * @param fallback   where a setting the configuration does not set is read from
     */
    public LayeredProperties(Map<String, String> configured, PropertySource fallback) {
        this.configured = Collections.unmodifiableMap(new TreeMap<>(configured));
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * The texts of a configuration's values: a string as it is, a number or a flag as its {@code toString()}, an
     * array or a collection as its elements' texts joined by commas (as {@code spore.routes} lists routes); a
     * {@code null} value is left out.
     *
     * @param configuration a configuration's properties, or {@code null} for none (a configuration deleted)
     * @return the texts by name, sorted by name, so that two configurations with the same settings are equal
     */
    public static Map<String, String> texts(Dictionary<String, ?> configuration) {
        Map<String, String> texts = new TreeMap<>();
        if (configuration == null) {
            return texts;
        }
        for (Enumeration<String> keys = configuration.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            Object value = configuration.get(key);
            if (value != null) {
                texts.put(key, text(value));
            }
        }
        return texts;
    }

    /**
     * The settings of a configuration: its {@link #texts} whose keys are {@code spore.*} names. Config Admin's own
     * keys ({@code service.pid}, a file installer's file name) are not settings, so a change to them alone is none.
     *
     * @param configuration a configuration's properties, or {@code null} for none (a configuration deleted)
     * @return the settings by name, sorted by name, so that two configurations with the same settings are equal
     * @since 1.3.0
     */
    public static Map<String, String> settings(Dictionary<String, ?> configuration) {
        Map<String, String> settings = texts(configuration);
        settings.keySet().removeIf(key -> !key.startsWith("spore."));
        return settings;
    }

    private static String text(Object value) {
        List<String> elements = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(element -> elements.add(String.valueOf(element)));
        } else {
            return value.toString();
        }
        return String.join(",", elements);
    }

    /** @return the configured settings by name, sorted by name (unmodifiable) */
    public Map<String, String> configured() {
        return configured;
    }

    @Override
    public String get(String name) {
        String value = configured.get(name);
        return value != null ? value : fallback.get(name);
    }
}
